/**
 * The Node flags a worker is deployed with (package.json's worker script, infra/, and `pnpm
 * start` through apps/cli/src/start-sieve.ts): a young generation of 64 MB, since a worker's
 * probes in flight allocate fast. Every load process of the benches runs with them, the probers
 * as the worker runs them and their raw floors and Node peers alike, so a ratio compares like
 * with like.
 */
export const WORKER_NODE_ARGS = ["--max-semi-space-size=64"];
