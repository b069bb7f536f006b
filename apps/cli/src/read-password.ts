import { createInterface } from "node:readline/promises";
import { Writable } from "node:stream";

async function readAll(input: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * Asks twice on the terminal without echoing what is typed: one readline in raw mode for both
 * questions, writing its echo nowhere, so the terminal never shows the password.
 */
async function promptTwice(first: string, second: string): Promise<[string, string]> {
  let muted = false;
  const output = new Writable({
    write(chunk, _encoding, done) {
      if (!muted) process.stderr.write(chunk);
      done();
    },
  });
  const terminal = createInterface({ input: process.stdin, output, terminal: true });
  // Lines are read from readline's iterator, which keeps them until asked for: with question(),
  // a second line typed (or pasted) before the second question was asked was dropped.
  const lines = terminal[Symbol.asyncIterator]();
  const ask = async (question: string) => {
    muted = false;
    terminal.setPrompt(question);
    terminal.prompt();
    muted = true;
    const typed = await lines.next();
    process.stderr.write("\n");
    return typed.done ? "" : typed.value;
  };
  try {
    return [await ask(first), await ask(second)];
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
  const [first, second] = await promptTwice("New password: ", "Repeat it: ");
  if (first !== second) throw new Error("the two passwords differ");
  return first;
}
