import { startFakeProxy } from "@sieve/test-support/harness";

/**
 * argv[2] ports that accept and never answer (test/bench/probe/hang-server.ts's fake, several
 * times over), in one process of their own; prints their ports as one JSON line, stops on SIGTERM.
 */
const fakes = await Promise.all(
  Array.from({ length: Number(process.argv[2] ?? 1) }, () => startFakeProxy({ kind: "hang" })),
);
process.stdout.write(`${JSON.stringify(fakes.map((fake) => fake.port))}\n`);
process.once("SIGTERM", () => void Promise.all(fakes.map((fake) => fake.stop())).then(() => process.exit(0)));
