/*
 * The test harness without vitest: servers, processes and helpers that benchmarks (run by tsx,
 * outside vitest) share with tests. Tests import `@sieve/test-support`, which adds the fixtures.
 */
export { createTestAccount, type TestAccount } from "./accounts.ts";
export { startTestApi, TEST_CREDENTIALS_KEY, type TestApi } from "./api-server.ts";
export { loopbackAsn, loopbackAsnTablesDir } from "./asn-tables.ts";
export {
  type CheckJobTally,
  type ChunkProgress,
  everyItemCheckedOnce,
  readCheckJobTally,
  readChunkProgress,
} from "./check-job-tally.ts";
export { createPersonAccount, type PersonAccount, TEST_PASSWORD } from "./dashboard-accounts.ts";
export { DashboardClient } from "./dashboard-client.ts";
export { createPrivateDatabase, type PrivateDatabase } from "./databases.ts";
export { freePort } from "./free-port.ts";
export { jsonBody } from "./json-body.ts";
export { type RunningJudge, startJudge } from "./judge-server.ts";
export { type LateJudgingProxy, startLateJudgingProxy } from "./late-judging-proxy.ts";
export { uniqueLoopbackAddress } from "./loopback-addresses.ts";
export {
  type ListeningLoopbackServer,
  type LoopbackHttpServer,
  listenOnLoopback,
  serveHttpOnLoopback,
} from "./loopback-server.ts";
export { type FakeProxy, httpAnswer, type Misbehaviour, startFakeProxy } from "./misbehaving-proxies.ts";
export { type ContractChecker, createContractChecker, type ObservedResponse } from "./openapi-contract.ts";
export { pollUntil } from "./poll-until.ts";
export { type PrivatePostgres, startPrivatePostgres } from "./private-postgres.ts";
export { type PrivateRedis, startPrivateRedis } from "./private-redis.ts";
export { type ProgramRun, repoRoot, runTsxProgram, settleProgramRun, tsxCommand } from "./program-run.ts";
export { insertProxies, type ProxyRowSeed } from "./proxy-rows.ts";
export {
  type HttpProxyAnonymity,
  type RunningProxy,
  startDante,
  startMicrosocks,
  startSquid,
  startTinyproxy,
} from "./proxy-servers.ts";
export { type RedisCluster, startRedisCluster } from "./redis-cluster.ts";
export {
  claimedKeyPrefixes,
  claimKeyPrefix,
  countKeysUnder,
  removeClaimedKeys,
  removeKeysUnder,
  TEST_KEY_NAMESPACE,
} from "./redis-keys.ts";
export { type RewritingProxy, startRewritingProxy } from "./rewriting-proxy.ts";
export { type ServerProcess, type ServerSpec, startServerProcess } from "./server-process.ts";
export { type SlowHttpProxy, startSlowHttpProxy } from "./slow-http-proxy.ts";
export { type ReceivedMail, type SmtpReceiver, startSmtpReceiver } from "./smtp-receiver.ts";
export { type Socks4aProxy, startSocks4aProxy } from "./socks4a-proxy.ts";
export {
  makeSelfSignedCertificate,
  type SelfSignedCertificate,
  startTargetSite,
  TARGET_LARGE_BYTES,
  TARGET_PAGE_TEXT,
  type TargetSite,
} from "./target-site.ts";
export { openTestProber, testProbeEnv } from "./test-prober.ts";
export { startVerifiedListWorker, type TestVerifiedListWorker } from "./verified-list-worker.ts";
export { startTestWorker, type TestWorker } from "./worker-harness.ts";
export { resultsWrittenBy } from "./worker-metrics.ts";
export {
  startWorkerProcess,
  stopWorkers,
  TEST_WORKER_TIMING,
  type WorkerExit,
  type WorkerProcess,
  type WorkerProcessOptions,
} from "./worker-process.ts";
