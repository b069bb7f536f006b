import { type Algorithm, hash, verify } from "@node-rs/argon2";
import { z } from "zod";

/**
 * Argon2id at OWASP's first recommended setting (19 MiB, 2 passes, 1 lane): memory-hard enough to
 * make offline guessing costly, cheap enough that a sign-in stays well under 300 ms on two cores.
 */
export const PASSWORD_HASH_OPTIONS = {
  algorithm: 2 as Algorithm, // Argon2id: the enum is `const`, which isolated modules cannot read.
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

export const MIN_PASSWORD_LENGTH = 12;
const MAX_PASSWORD_LENGTH = 1024;

export const passwordInput = z
  .string({ error: "must be a string" })
  .min(MIN_PASSWORD_LENGTH, { error: `must be at least ${MIN_PASSWORD_LENGTH} characters` })
  .max(MAX_PASSWORD_LENGTH, { error: `must be at most ${MAX_PASSWORD_LENGTH} characters` });

export function hashPassword(password: string): Promise<string> {
  return hash(password, PASSWORD_HASH_OPTIONS);
}

/** False for a wrong password and for a hash that cannot be read, never a throw. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let decoy: Promise<string> | undefined;

/**
 * Verifies against a throwaway hash, so a sign-in with an unknown email costs the same time as
 * one with a wrong password and the two cannot be told apart by the clock.
 */
export async function spendPasswordCheck(password: string): Promise<false> {
  decoy ??= hashPassword("decoy password that matches nothing");
  await verifyPassword(await decoy, password);
  return false;
}
