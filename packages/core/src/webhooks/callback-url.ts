import { checkGuardedUrl, type TargetGuard } from "@sieve/vocabulary";

/**
 * A submission's `callback_url`, checked before the job is written: http or https, no
 * credentials, and not a guarded address when the host is an IP literal. A host name is checked
 * again on each address it resolves to, right before every call (`postWebhook`).
 */
export function checkCallbackUrl(text: string, guard: TargetGuard): string {
  return checkGuardedUrl(text, guard, "callback_url").href;
}
