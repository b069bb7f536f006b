import { checkJudgeNonce, judgeNoncePattern, mintJudgeNonce } from "@sieve/probe";
import { describe, expect, it } from "vitest";

const secret = "nonce-secret-0123456789";
const now = Date.UTC(2026, 0, 1);

describe("judge nonces", () => {
  it("are URL-safe, unique, and valid with the secret they were minted with until they expire", () => {
    const nonce = mintJudgeNonce(secret, { lifetimeMs: 10_000, now });

    expect(nonce).toMatch(judgeNoncePattern);
    expect(mintJudgeNonce(secret, { lifetimeMs: 10_000, now })).not.toBe(nonce);
    expect(checkJudgeNonce(secret, nonce, now)).toBe("valid");
    expect(checkJudgeNonce(secret, nonce, now + 10_000)).toBe("valid");
  });

  it("are forged under another secret", () => {
    expect(
      checkJudgeNonce(secret, mintJudgeNonce("other-secret-0123456789", { lifetimeMs: 10_000, now }), now),
    ).toBe("forged");
  });

  it("expire after their lifetime and the allowed clock skew", () => {
    const nonce = mintJudgeNonce(secret, { lifetimeMs: 10_000, now });

    expect(checkJudgeNonce(secret, nonce, now + 10_000 + 30_000)).toBe("valid");
    expect(checkJudgeNonce(secret, nonce, now + 10_000 + 31_000)).toBe("expired");
  });

  it("cannot live longer than the longest probe attempt", () => {
    const nonce = mintJudgeNonce(secret, { lifetimeMs: 3_600_000, now });

    expect(checkJudgeNonce(secret, nonce, now + 600_000)).toBe("valid");
    expect(checkJudgeNonce(secret, nonce, now + 600_000 + 31_000)).toBe("expired");
    expect(
      checkJudgeNonce(secret, mintJudgeNonce(secret, { lifetimeMs: 600_000, now: now + 3_600_000 }), now),
    ).toBe("too_far_ahead");
  });

  it("refuse anything not minted: random text, other lengths, another version", () => {
    const nonce = mintJudgeNonce(secret, { lifetimeMs: 10_000, now });
    const bytes = Buffer.from(nonce, "base64url");
    bytes[0] = 2;

    for (const text of ["AAAAAAAAAAAAAAAA", nonce.slice(1), `${nonce}A`, "", bytes.toString("base64url")]) {
      expect(checkJudgeNonce(secret, text, now), text).toBe("malformed");
    }
  });
});
