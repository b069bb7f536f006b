/*
 * What tests import: the fixtures (`test`), the one way to wait (`waitFor`), check-job helpers
 * that assert, and everything of the vitest-free harness. Schema comparison, which loads
 * @prisma/internals, is `@sieve/test-support/schema`.
 */

export { submitCheckJob } from "./check-job-submission.ts";
export { waitForCompletion, waitForResults } from "./check-job-waits.ts";
export {
  serviceFixture,
  slowProxyFixture,
  stageBeforeTests,
  startedTogether,
  stopsAfter,
} from "./fixture-builders.ts";
export {
  type DashboardPeople,
  type OwnerJobs,
  type ProxyFarm,
  type ProxyFarmOptions,
  test,
  type WorkerFixtureOptions,
  type WorkerProcesses,
} from "./fixtures.ts";
export * from "./harness.ts";
export { keyStores } from "./key-stores.ts";
export {
  MID_JOB_ITEMS,
  type MidJobFixture,
  type MidJobServices,
  startMidJobFixture,
} from "./mid-job-fixture.ts";
export { type WaitForOptions, waitFor } from "./wait-for.ts";
