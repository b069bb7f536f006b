import { startFakeProxy } from "@sieve/test-support/harness";

/**
 * A proxy that accepts and never answers, in its own process; prints its port, stops on SIGTERM.
 * argv[2], if given, is the address to listen on (a namespace host's own); loopback otherwise.
 */
const fake = await startFakeProxy({ kind: "hang" }, { host: process.argv[2] });
process.stdout.write(`${fake.port}\n`);
process.once("SIGTERM", () => void fake.stop().then(() => process.exit(0)));
