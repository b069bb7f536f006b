import { createInterface } from "node:readline/promises";
import { Writable } from "node:stream";

async function readAll(input: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString("utf8");
}

/** Asks on the terminal without echoing what is typed. */
async function prompt(question: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk, _encoding, done) {
      if (!muted) process.stderr.write(chunk);
      done();
    },
  });
  const terminal = createInterface({ input: process.stdin, output, terminal: true });
  try {
    const answer = terminal.question(question);
    muted = true;
    const typed = await answer;
    process.stderr.write("\n");
    return typed;
  } finally {
    terminal.close();
  }
}

/**
 * A password from standard input when it is piped (first line; never from argv, where `ps` and
 * shell history would show it), else asked twice on the terminal.
 */
export async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) return (await readAll(process.stdin)).split(/\r?\n/)[0] ?? "";
  const first = await prompt("New password: ");
  const second = await prompt("Repeat it: ");
  if (first !== second) throw new Error("the two passwords differ");
  return first;
}
