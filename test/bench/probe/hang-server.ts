import { startFakeProxy } from "@sieve/test-support/harness";

/** A proxy that accepts and never answers, in its own process; prints its port, stops on SIGTERM. */
const fake = await startFakeProxy({ kind: "hang" });
process.stdout.write(`${fake.port}\n`);
process.once("SIGTERM", () => void fake.stop().then(() => process.exit(0)));
