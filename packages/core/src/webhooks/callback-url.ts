import { isIP } from "node:net";
import { invalidRequest, type TargetGuard } from "@sieve/vocabulary";

const MAX_LENGTH = 2048;

/**
 * A submission's `callback_url`, checked before the job is written: http or https, no
 * credentials, and not a guarded address when the host is an IP literal. A host name is checked
 * again on each address it resolves to, right before every call (`postWebhook`).
 */
export function checkCallbackUrl(text: string, guard: TargetGuard): string {
  if (text.length > MAX_LENGTH) throw invalidRequest(`callback_url longer than ${MAX_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalidRequest("callback_url is not a URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw invalidRequest("callback_url must be an http or https URL");
  }
  if (url.username || url.password) throw invalidRequest("callback_url must not carry credentials");
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  if (isIP(host) && !guard.allows(host)) {
    throw invalidRequest(
      "callback_url points to a guarded address (private, loopback, link-local, metadata or reserved)",
    );
  }
  return url.href;
}
