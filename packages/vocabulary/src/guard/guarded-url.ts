import { isIP } from "node:net";
import { invalidRequest } from "../errors.ts";
import type { TargetGuard } from "./target-guard.ts";

/**
 * A URL the checker will call later (a job's `callback_url`, a target of a check), checked when
 * it is submitted: http or https, no credentials, and not a guarded address when the host is an
 * IP literal. A host name is checked again on each address it resolves to, right before every
 * connection (`resolveGuarded`). `field` names the URL in the error (`targets[1].url`).
 */
export function checkGuardedUrl(text: string, guard: TargetGuard, field: string, maxLength = 2048): URL {
  const problem = httpUrlProblem(text, maxLength);
  if (problem !== undefined) throw invalidRequest(`${field} ${problem}`);
  const url = new URL(text);
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  if (isIP(host) && !guard.allows(host)) {
    throw invalidRequest(
      `${field} points to a guarded address (private, loopback, link-local, metadata or reserved)`,
    );
  }
  return url;
}

/** What makes `text` no URL the checker may call, whatever its host: undefined when it is one. */
export function httpUrlProblem(text: string, maxLength = 2048): string | undefined {
  if (text.length > maxLength) return `longer than ${maxLength} characters`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return "is not a URL";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return "must be an http or https URL";
  if (url.username || url.password) return "must not carry credentials";
  return undefined;
}
