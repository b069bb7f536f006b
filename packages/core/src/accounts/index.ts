export type { CreateAccountInput, CreateApiKeyInput } from "./account-inputs.ts";
export { keyLifetimeDays, premiumDays, roleInput } from "./account-inputs.ts";
export {
  type AccountOverview,
  describeAccount,
  type RateLimitStanding,
} from "./account-overview.ts";
export type { AccountRecord, AccountStatus, ApiKeyRecord, CreatedApiKey } from "./account-record.ts";
export { type AccountRepository, createAccountRepository } from "./account-repository.ts";
export { type ApiKeyRepository, createApiKeyRepository } from "./api-key-repository.ts";
export {
  type ApiKeyState,
  apiKeyState,
  keyExpiry,
  type RolledApiKey,
  type RollGrace,
  rollGraces,
} from "./api-key-state.ts";
export { BOOTSTRAP_ADMIN_EMAIL, type BootstrapAdmin, ensureBootstrapAdmin } from "./bootstrap-admin.ts";
