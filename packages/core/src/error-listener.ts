/**
 * The `error` listener of a client whose owner passed none. A listener must exist, or a lost
 * connection crashes the process; it must not be silent, or nobody learns why work stalls.
 */
export function stderrListener(what: string): (error: Error) => void {
  return (error) => {
    process.stderr.write(`${what} error: ${error.message}\n`);
  };
}
