import { unavailable, unmapIp } from "@sieve/vocabulary";
import { attemptSettingsFrom, type ProberDeps } from "./prober.ts";
import { attemptProtocol } from "./protocol-attempt.ts";

/**
 * Asks the judge directly, over HTTP and HTTPS, which addresses this machine reaches it from, so a proxy that passes
 * that address on in a header can be called transparent.
 */
export async function learnOwnAddresses(
  deps: Pick<ProberDeps, "judge" | "timeouts" | "dial" | "maxResponseBytes">,
): Promise<string[]> {
  const settings = attemptSettingsFrom(deps);
  const outcomes = await Promise.all([
    attemptProtocol("http", undefined, settings),
    attemptProtocol("https", undefined, settings),
  ]);
  const addresses = new Set<string>();
  for (const outcome of outcomes) {
    if (!outcome.ok) {
      const url = outcome.protocol === "https" ? deps.judge.httpsUrl : deps.judge.httpUrl;
      // The detail tells a wrong JUDGE_SECRET or clock (the judge refuses the nonce) from a judge that is down.
      throw unavailable(
        `cannot reach the judge at ${url} (${outcome.failure.reason}: ${outcome.failure.message})`,
      );
    }
    addresses.add(unmapIp(outcome.answer.ip));
  }
  return [...addresses];
}
