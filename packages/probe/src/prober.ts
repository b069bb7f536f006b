import { performance } from "node:perf_hooks";
import {
  type CheckTarget,
  type ProxyProtocol,
  type ProxyTarget,
  type TargetGuard,
  type TargetResult,
  unmapIp,
} from "@sieve/vocabulary";
import { classifyAnonymity } from "./anonymity.ts";
import type { AsnDb } from "./asn-db.ts";
import { DetectionRace } from "./detection-race.ts";
import { type Dial, dialTcp } from "./dial.ts";
import type { GeoIp } from "./geoip.ts";
import { parseJudgeUrl } from "./judge-endpoint.ts";
import { loopStall } from "./loop-stall-clock.ts";
import type { ProbeFailure } from "./probe-failure.ts";
import type { ProbeResult } from "./probe-result.ts";
import { type AttemptOutcome, type AttemptSettings, attemptProtocol } from "./protocol-attempt.ts";
import { type LiveProxy, requestTargets } from "./target-request.ts";

export interface ProbeTimeouts {
  /** TCP handshake with the proxy. */
  connectMs: number;
  /** Proxy protocol handshake (and TLS for https), after connecting. */
  handshakeMs: number;
  /** Everything, from dialling to the judge's verified answer. */
  totalMs: number;
}

export interface ProberDeps {
  judge: { httpUrl: string; httpsUrl: string; secret: string };
  guard: TargetGuard;
  /** This checker's own public addresses; a header carrying one makes a proxy transparent. */
  ownAddresses: readonly string[];
  geoip?: GeoIp;
  /** The exit address's network (ASN and organisation). */
  asnDb?: AsnDb;
  timeouts: ProbeTimeouts;
  /** Cap on bytes read from one connection. */
  maxResponseBytes?: number;
  /** Bounds of one target's request through a live proxy (see `targets` of ProbeOptions). */
  targetLimits?: { timeoutMs: number; maxBytes: number };
  dial?: Dial;
}

/** A target's request through one proxy: 5 s and 256 KiB at most, whatever the page. */
export const defaultTargetLimits = { timeoutMs: 5_000, maxBytes: 256 * 1024 };

export interface ProbeOptions {
  anonymity?: boolean;
  /**
   * With protocol `http`: once HTTP works, also try CONNECT to the TLS judge, so `protocols`
   * says whether the proxy reaches HTTPS sites (`https`). Detection always tries it.
   */
  tlsTunnel?: boolean;
  /**
   * Aborting closes every socket of the probe at once, and the probe rejects with the signal's
   * reason, as fetch does: an aborted probe has no result to report.
   */
  signal?: AbortSignal;
  /**
   * Pages requested through the proxy once the judge found it live, each reported in `targets`
   * of the result (ok, status, ms). A proxy that is not live gets none.
   */
  targets?: readonly CheckTarget[];
  /** Waits for the turn to reach a target's address (destination pacing); unset, no wait. */
  paceTarget?: (address: string) => Promise<void>;
}

export interface Prober {
  probe(target: ProxyTarget, options?: ProbeOptions): Promise<ProbeResult>;
}

/** When attempts disagree, the reason from the attempt that got furthest explains the failure best. */
const reasonRank: readonly ProbeFailure["reason"][] = [
  "auth_failed",
  "bad_judge_response",
  "protocol_error",
  "reset",
  "timeout",
  "refused",
];

const roundMs = (ms: number) => Math.round(ms * 10) / 10;

export function attemptSettingsFrom(
  deps: Omit<ProberDeps, "guard" | "ownAddresses" | "geoip" | "asnDb">,
): AttemptSettings {
  return {
    judgeHttp: parseJudgeUrl(deps.judge.httpUrl, "http"),
    judgeHttps: parseJudgeUrl(deps.judge.httpsUrl, "https"),
    secret: deps.judge.secret,
    connectTimeoutMs: deps.timeouts.connectMs,
    handshakeTimeoutMs: deps.timeouts.handshakeMs,
    totalTimeoutMs: deps.timeouts.totalMs,
    maxResponseBytes: deps.maxResponseBytes ?? 64 * 1024,
    dial: deps.dial ?? dialTcp,
  };
}

/**
 * Checks proxies one at a time or thousands at once: each probe holds only its own sockets and
 * two timers per socket, all released when it settles. No protocol given: the protocols are
 * detected (`detect` below) and all that work are reported.
 */
export function createProber(deps: ProberDeps): Prober {
  const shared = attemptSettingsFrom(deps);
  /** One attempt, run once more when its failure says nothing about the proxy (see `retry`). */
  const attempt = async (
    protocol: ProxyProtocol,
    target: ProxyTarget,
    settings: AttemptSettings,
    race?: DetectionRace,
  ) => {
    const first = await attemptProtocol(protocol, target, settings, race);
    return first.ok || !first.retry || settings.signal?.aborted
      ? first
      : attemptProtocol(protocol, target, settings);
  };
  /**
   * HTTP first, and SOCKS5 and SOCKS4 once the port has answered it, each on its own connection,
   * since one port may speak them all; a port that refuses the first connection, never completes
   * it, or stays silent on it would do the same to them all, and costs one. HTTPS (CONNECT) only
   * on a port that answered the HTTP attempt in HTTP, as every server that takes CONNECT does.
   * Silent SOCKS attempts on such a port are poked (DetectionRace).
   */
  const detect = async (target: ProxyTarget, settings: AttemptSettings) => {
    const race = new DetectionRace(settings.handshakeTimeoutMs);
    const settled = (outcome: AttemptOutcome) => {
      if (outcome.ok) race.settle(outcome.totalMs);
      return outcome;
    };
    let httpsAttempt: Promise<AttemptOutcome> | undefined;
    race.onHttpSpoken(() => {
      httpsAttempt = attempt("https", target, settings).then(settled);
    });
    const afterFirst = async (protocol: "socks5" | "socks4"): Promise<AttemptOutcome> => {
      const refusal = await race.firstAnswer;
      if (refusal) return { ok: false, protocol, failure: refusal, retry: false };
      return attempt(protocol, target, settings, race).then(settled);
    };
    const [http, socks5, socks4] = await Promise.all([
      attempt(race.first, target, settings, race).then(settled),
      afterFirst("socks5"),
      afterFirst("socks4"),
    ]);
    const https = await httpsAttempt;
    return https ? [http, https, socks5, socks4] : [http, socks5, socks4];
  };
  /** The targets through a proxy the judge found live, in the protocols that worked. */
  const checkTargets = async (
    live: LiveProxy,
    targets: readonly CheckTarget[],
    through: { dial: Dial; pace: ProbeOptions["paceTarget"] },
  ): Promise<TargetResult[]> => {
    const limits = deps.targetLimits ?? defaultTargetLimits;
    loopStall.hold();
    try {
      return await requestTargets(live, targets, {
        allows: (address) => deps.guard.allows(address),
        dial: through.dial,
        ...limits,
        ...(through.pace ? { pace: through.pace } : {}),
      });
    } finally {
      loopStall.release();
    }
  };
  return {
    async probe(target, options = {}) {
      const { signal } = options;
      signal?.throwIfAborted();
      const started = performance.now();
      if (!deps.guard.allows(target.host)) {
        return deadResult("blocked", "blocked_target", roundMs(performance.now() - started));
      }
      // An abort destroys every socket the probe's attempts dialled.
      const probeSettings = signal ? { ...shared, dial: abortableDial(shared.dial, signal), signal } : shared;
      loopStall.hold();
      let outcomes: AttemptOutcome[];
      try {
        if (!target.protocol) outcomes = await detect(target, probeSettings);
        else {
          const first = await attempt(target.protocol, target, probeSettings);
          // Only after HTTP answered, as detection does: a dead proxy costs no second connection.
          outcomes =
            first.ok && target.protocol === "http" && options.tlsTunnel
              ? [first, await attempt("https", target, probeSettings)]
              : [first];
        }
      } finally {
        loopStall.release();
      }
      signal?.throwIfAborted();
      const working = outcomes.filter((outcome) => outcome.ok);
      const chosen = working[0];
      if (!chosen) return deadResult("dead", worstReason(outcomes), roundMs(performance.now() - started));
      const targets = options.targets?.length
        ? await checkTargets(
            { target, protocol: chosen.protocol, protocols: working.map((outcome) => outcome.protocol) },
            options.targets,
            { dial: probeSettings.dial, pace: options.paceTarget },
          )
        : undefined;
      signal?.throwIfAborted();
      const exitIp = unmapIp(chosen.answer.ip);
      const network = deps.asnDb?.lookup(exitIp) ?? null;
      const verdict = options.anonymity
        ? classifyAnonymity(chosen.answer.headers, deps.ownAddresses)
        : undefined;
      return {
        status: "live",
        reason: null,
        protocols: working.map((outcome) => outcome.protocol),
        protocol: chosen.protocol,
        connect_ms: roundMs(chosen.connectMs),
        ttfb_ms: roundMs(chosen.ttfbMs),
        total_ms: roundMs(chosen.totalMs),
        exit_ip: exitIp,
        country: deps.geoip?.country(exitIp) ?? null,
        asn: network?.asn ?? null,
        org: network?.org ?? null,
        anonymity: verdict?.anonymity ?? null,
        anonymity_evidence: verdict?.evidence ?? null,
        ...(targets ? { targets } : {}),
      };
    },
  };
}

/** A dial whose sockets are destroyed when the signal aborts, so an abort leaves no socket open. */
function abortableDial(dial: Dial, signal: AbortSignal): Dial {
  return (host, port) => {
    const socket = dial(host, port);
    const destroy = () => socket.destroy(new Error("probe aborted"));
    if (signal.aborted) destroy();
    else {
      signal.addEventListener("abort", destroy, { once: true });
      socket.once("close", () => signal.removeEventListener("abort", destroy));
    }
    return socket;
  };
}

function worstReason(outcomes: readonly AttemptOutcome[]): ProbeFailure["reason"] {
  const reasons = new Set(outcomes.flatMap((outcome) => (outcome.ok ? [] : [outcome.failure.reason])));
  return reasonRank.find((reason) => reasons.has(reason)) ?? "protocol_error";
}

function deadResult(status: "dead" | "blocked", reason: ProbeResult["reason"], totalMs: number): ProbeResult {
  return {
    status,
    reason,
    protocols: [],
    protocol: null,
    connect_ms: null,
    ttfb_ms: null,
    total_ms: totalMs,
    exit_ip: null,
    country: null,
    asn: null,
    org: null,
    anonymity: null,
    anonymity_evidence: null,
  };
}
