import { createHmac, createSecretKey, type KeyObject, timingSafeEqual } from "node:crypto";
import { z } from "zod";

/** What the judge saw: the nonce the probe sent, the TCP peer address and the headers, in order. */
export const JudgeAnswer = z.object({
  nonce: z.string(),
  ip: z.string(),
  headers: z.array(z.tuple([z.string(), z.string()])),
});
export type JudgeAnswer = z.infer<typeof JudgeAnswer>;

const SignedBody = z.object({ payload: z.string(), sig: z.string().regex(/^[0-9a-f]{64}$/) });

/** Nonces are URL-safe so they travel in the query string untouched by proxies. */
export const judgeNoncePattern = /^[A-Za-z0-9_-]{16,128}$/;

const keys = new Map<string, KeyObject>();
/** Key objects are cached: importing the secret on every answer is a measurable share of a probe. */
const hmac = (secret: string, payload: string) => {
  let key = keys.get(secret);
  if (!key) {
    key = createSecretKey(Buffer.from(secret));
    keys.set(secret, key);
  }
  return createHmac("sha256", key).update(payload).digest();
};

/**
 * The judge's response body. The payload travels as an exact string so the signature covers the
 * bytes that were signed, whatever JSON a proxy might reformat around it.
 */
export function signJudgeAnswer(secret: string, answer: JudgeAnswer): string {
  const payload = JSON.stringify(answer);
  return JSON.stringify({ payload, sig: hmac(secret, payload).toString("hex") });
}

/**
 * The answer when the body is signed with `secret` and carries `nonce`; undefined for anything
 * else, so a proxy can neither forge an answer nor replay one it saw for another probe.
 */
export function verifyJudgeAnswer(secret: string, body: string, nonce: string): JudgeAnswer | undefined {
  let signed: z.infer<typeof SignedBody>;
  try {
    const parsed = SignedBody.safeParse(JSON.parse(body));
    if (!parsed.success) return undefined;
    signed = parsed.data;
  } catch {
    return undefined;
  }
  if (!timingSafeEqual(hmac(secret, signed.payload), Buffer.from(signed.sig, "hex"))) return undefined;
  const answer = JudgeAnswer.safeParse(JSON.parse(signed.payload));
  if (!answer.success || answer.data.nonce !== nonce) return undefined;
  return answer.data;
}
