import { runClientCli } from "./run-client-cli.ts";

// `sieve-client proxies | head`: the reader went away, which is no failure of ours.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(0);
    throw error;
  });
}

process.exitCode = await runClientCli(process.argv, {
  io: { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr },
  env: process.env,
});
