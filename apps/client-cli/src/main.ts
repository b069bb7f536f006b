import { runClientCli } from "./run-client-cli.ts";

process.exitCode = await runClientCli(process.argv, {
  io: { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr },
  env: process.env,
});
