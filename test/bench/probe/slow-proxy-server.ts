import { startSlowHttpProxy } from "@sieve/test-support/harness";

/**
 * An HTTP proxy that holds every request `argv[2]` ms before relaying it to the judge, in its own
 * process; prints its port, stops on SIGTERM. Its answers come exactly that much late, which the
 * prober's ttfb_ms must report whatever the prober's own load.
 */
const proxy = await startSlowHttpProxy({ delayMs: Number(process.argv[2] ?? 100) });
process.stdout.write(`${proxy.port}\n`);
process.once("SIGTERM", () => void proxy.stop().then(() => process.exit(0)));
