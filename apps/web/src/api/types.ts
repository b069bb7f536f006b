/** The shapes the dashboard routes answer with (docs/dashboard-api.md). */

export type Role = "user" | "admin" | string;

export interface LimitUsage {
  category: string;
  limit: number;
  window_seconds: number;
  remaining: number;
  reset_at: string | null;
}

export interface Me {
  id?: string;
  email: string;
  role: Role;
  tier: string;
  status: string;
  premium_until: string | null;
  email_verified?: boolean;
  limits: LimitUsage[];
}

export type KeyState = "active" | "revoked" | "expired" | "rolling";

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  created_at: string;
  last_used_at: string | null;
  expires_at: string | null;
  revoked_at: string | null;
  state: KeyState;
}

/** The only answer that carries a key's secret; it lives in component state until the page is left. */
export interface CreatedKey {
  key: ApiKey;
  secret: string;
  old_key?: ApiKey;
}

export interface JobCounts {
  live: number;
  dead: number;
  blocked: number;
  pending: number;
  /** Items left without a result when the job ended early (cancelled). */
  unchecked?: number;
}

export interface CheckJob {
  job_id: string;
  status: string;
  total: number;
  done: number;
  counts?: JobCounts;
  include_anonymity?: boolean;
  invalid_lines?: number;
  duplicate_lines?: number;
  created_at: string;
  started_at?: string | null;
  finished_at: string | null;
}

export interface CheckItem {
  proxy_norm: string;
  /** The submitted line, password masked. */
  line?: string | null;
  requested_protocol?: string | null;
  status: string;
  reason?: string | null;
  protocol: string | null;
  /** Every protocol that worked. */
  protocols?: string[];
  connect_ms: number | null;
  ttfb_ms: number | null;
  total_ms?: number | null;
  exit_ip: string | null;
  country: string | null;
  anonymity?: string | null;
  checked_at?: string | null;
}

export interface Page<T> {
  page: number;
  limit: number;
  total: number;
  items: T[];
}

export interface ProxyItem {
  proxy_norm: string;
  protocol: string;
  country: string | null;
  anonymity: string | null;
  latency_ms: number | null;
  uptime_score: number;
  checked_at: string | null;
}

export interface ProxyPage extends Page<ProxyItem> {
  refreshed_at: string | null;
}

export interface AdminAccount {
  id: string;
  email: string | null;
  role: Role;
  tier: string;
  status: string;
  premium_until: string | null;
  email_verified: boolean;
  created_at: string;
}

export interface Source {
  id: string;
  url: string;
  protocol: string | null;
  interval_minutes: number;
  enabled: boolean;
  last_fetched_at: string | null;
  last_error: string | null;
  candidates: number;
  new_candidates: number;
  live: number;
  live_fraction: number | null;
}

export interface PoolProxy {
  host: string;
  port: number;
  protocol: string;
  alive: boolean;
  country: string | null;
  anonymity: string | null;
  latency_ms: number | null;
  uptime_score: number;
  checked_at: string | null;
  first_seen_at: string | null;
}
