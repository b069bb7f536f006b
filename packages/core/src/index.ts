// What @sieve/core offers: each name is chosen, and test/conventions/package-surfaces.unit.test.ts pins the list.

export { createDailyHostCap, type DailyHostCap } from "./abuse/daily-host-cap.ts";
export { createDestinationPacer, type DestinationPacer, pacedProber } from "./abuse/destination-pacing.ts";
export {
  type AccountOverview,
  type AccountRecord,
  type AccountRepository,
  type ApiKeyRecord,
  type ApiKeyRepository,
  apiKeyState,
  createAccountRepository,
  createApiKeyRepository,
  describeAccount,
  ensureBootstrapAdmin,
  premiumDays,
  type RateLimitStanding,
  type RollGrace,
  rollGraces,
} from "./accounts/index.ts";
export { type Caller, createKeyAuthenticator, type KeyAuthenticator } from "./auth/key-authenticator.ts";
export { KEY_CHANGE_CHANNEL, listenForKeyChanges } from "./auth/key-change-feed.ts";
export {
  createInvalidatedKeyCache,
  type InvalidatedKeyCache,
  keyCacheSubscriber,
} from "./auth/key-invalidation-listener.ts";
export { INVALIDATION_BOUND_MS, invalidationChannel } from "./auth/key-invalidation-protocol.ts";
export {
  createKeyInvalidationPublisher,
  type InvalidationOutcome,
  type KeyInvalidation,
  noKeyInvalidation,
} from "./auth/key-invalidation-publisher.ts";
export { createOneTimeTokens } from "./auth/one-time-tokens.ts";
export { hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from "./auth/password-hashing.ts";
export {
  type ActiveSession,
  createSessionStore,
  type SessionAccount,
  type SessionStore,
} from "./auth/session-store.ts";
export {
  announceCancel,
  type CancelWatch,
  startCancelWatch,
} from "./check-jobs/cancel-signal.ts";
export { checkChunk } from "./check-jobs/check-chunk.ts";
export {
  type CheckItemExport,
  type CheckJobReader,
  createCheckJobReader,
} from "./check-jobs/check-job-reader.ts";
export {
  type CheckJobView,
  itemStatuses,
  type JobStatus,
  jobStatuses,
} from "./check-jobs/check-job-records.ts";
export { type ChunkIntake, createChunkIntake } from "./check-jobs/chunk-intake.ts";
export { type ChunkWorkStore, createChunkWorkStore } from "./check-jobs/chunk-work-store.ts";
export {
  type CredentialCipher,
  type Credentials,
  createCredentialCipher,
} from "./check-jobs/credential-cipher.ts";
export {
  createJobProgressFeed,
  type JobProgressFeed,
} from "./check-jobs/job-progress-feed.ts";
export {
  isFinalJob,
  isNewerMark,
  type ProgressMark,
  parseProgressEventId,
  progressEventId,
  progressMark,
} from "./check-jobs/progress-event-id.ts";
export { reconcileCheckJobs } from "./check-jobs/reconcile-check-jobs.ts";
export { createSubmissionStore } from "./check-jobs/submission-store.ts";
export { type SubmittedCheckJob, submitCheckJob } from "./check-jobs/submit-check-job.ts";
export { createDatabase, type Database, type DatabaseOptions, PrismaClient } from "./db/database.ts";
export { isDatabaseUnavailable } from "./db/database-unavailable.ts";
export { migrateDatabase } from "./db/migrate.ts";
export { createExportEncoder, exportContentTypes, jsonArrayEncoder } from "./export/export-encoder.ts";
export { ExportFormatParam } from "./export/export-format.ts";
export { createExportSlots, type ExportSlots } from "./export/export-slots.ts";
export { endWhenStalled } from "./export/stall-guard.ts";
export {
  createHealth,
  type Health,
  healthRoutes,
  json,
  type PlainListener,
  postgresAnswers,
  postgresCheck,
  readinessResponse,
  redisAnswersPing,
  redisCheck,
  startPlainListener,
} from "./health/index.ts";
export { type ConsumerSettings, startConsumers } from "./jobs/consumers.ts";
export { type JobName, jobCatalog, type QueueName, queueNames } from "./jobs/job-catalog.ts";
export type { JobHandlers } from "./jobs/job-handlers.ts";
export { keepScheduled, type Schedules } from "./jobs/keep-scheduled.ts";
export { createQueues, type Queues } from "./jobs/queues.ts";
export { digestApiKey, issueApiKey, isWellFormedApiKey, KEY_PREFIX } from "./keys/api-key.ts";
export { createLogger, type Logger } from "./logger.ts";
export { createMailer } from "./mail/mailer.ts";
export {
  type ApiMetrics,
  createApiMetrics,
  createMetricsRegistry,
  createWorkerMetrics,
  type MetricsRegistry,
  meteredProber,
  queueExposition,
  registerFleetGauges,
  startMetricsListener,
  type WorkerMetrics,
} from "./metrics/index.ts";
export { type AccountAccess, createAccountAccess } from "./people/account-access.ts";
export { type AccountDirectory, createAccountDirectory } from "./people/account-directory.ts";
export { setAccountPassword } from "./people/set-password.ts";
export {
  isPremium,
  type Permission,
  permissions,
  permissionsOf,
  type RateCategory,
  type Role,
  rateCategories,
  roleHasPermission,
  roles,
  type Tier,
} from "./permissions.ts";
export { startHealthListener } from "./process/health-listener.ts";
export {
  type LocalSecrets,
  type LocalStateOverrides,
  localStatePaths,
  readLocalSecrets,
  withLocalSecrets,
} from "./process/local-secrets.ts";
export { runProcess } from "./process/run-process.ts";
export { openServiceClients } from "./process/service-clients.ts";
export { Pagination, ProxyListFilters } from "./proxies/list-filters.ts";
export {
  PROXY_ITEM_COLUMNS,
  type ProxyListPageQuery,
  proxyListPageQuery,
  proxyListWhere,
} from "./proxies/list-sql.ts";
export type { ProxyItem } from "./proxies/proxy-item.ts";
export {
  createProxyListReader,
  type ProxyListPage,
  type ProxyListReader,
} from "./proxies/proxy-list-reader.ts";
export { createRedis, type RedisClient } from "./redis.ts";
export { checkRedisPolicy } from "./redis-policy.ts";
export { type PruneOutcome, pruneExpired, type RetentionPolicy } from "./retention/prune-expired.ts";
export { isoTimestamp } from "./timestamps.ts";
export {
  createPremiumListReader,
  createPremiumPool,
  createPremiumPoolEntries,
  createRecheckStore,
  createSourceRepository,
  DEFAULT_SOURCE_INTERVAL_MINUTES,
  defaultSources,
  gatherSource,
  ingestCandidates,
  junkBodyReason,
  type PremiumChange,
  type PremiumEntryState,
  type PremiumListReader,
  type PremiumPool,
  type PremiumPoolEntries,
  type PremiumPoolEntry,
  type PremiumProxyItem,
  parseSourceList,
  premiumEntryStates,
  premiumExportShape,
  queueDueSources,
  type RecheckStore,
  runRecheckBatch,
  runVerifiedTick,
  type SourceFetchOptions,
  type SourceRecord,
  type SourceRepository,
  verifiedListConfig,
} from "./verified-list/index.ts";
export { checkCallbackUrl } from "./webhooks/callback-url.ts";
export { type DeliverWebhookDeps, deliverWebhook } from "./webhooks/deliver-webhook.ts";
export { postWebhook } from "./webhooks/webhook-post.ts";
export { createWebhookStore, type WebhookStore } from "./webhooks/webhook-store.ts";
