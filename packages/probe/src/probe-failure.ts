import type { ProbeReason } from "./probe-result.ts";

/** Ends one protocol attempt; the reason is what the result reports. */
export class ProbeFailure extends Error {
  /** A timeout that passed while the checker's event loop was stalled: the attempt is retried, not reported. */
  readonly stalled: boolean;

  constructor(
    readonly reason: Exclude<ProbeReason, "blocked_target">,
    message: string,
    options: { stalled?: boolean } = {},
  ) {
    // No stack: a failure is an expected answer of a proxy, read for its reason, never traced;
    // detection makes several per probe, and capturing their stacks was a visible share of its CPU.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
    this.name = "ProbeFailure";
    this.stalled = options.stalled ?? false;
  }
}

const refusedCodes = new Set([
  "ECONNREFUSED",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENETDOWN",
  "EHOSTDOWN",
  "EADDRNOTAVAIL",
]);
const resetCodes = new Set(["ECONNRESET", "EPIPE", "ECONNABORTED"]);

export function failureFromSocketError(error: NodeJS.ErrnoException): ProbeFailure {
  const code = error.code ?? "";
  if (refusedCodes.has(code)) return new ProbeFailure("refused", code);
  if (resetCodes.has(code)) return new ProbeFailure("reset", code);
  if (code === "ETIMEDOUT") return new ProbeFailure("timeout", code);
  return new ProbeFailure("protocol_error", code || error.message);
}
