import { forbidden, invalidRequest, SieveError } from "@sieve/vocabulary";
import { createAccountInput, parseInput } from "../accounts/account-inputs.ts";
import { type AccountRecord, accountSelect } from "../accounts/account-record.ts";
import { accountNotFound } from "../accounts/account-repository.ts";
import { hasPrismaCode, UNIQUE_VIOLATION } from "../accounts/prisma-errors.ts";
import type { OneTimeTokens } from "../auth/one-time-tokens.ts";
import { hashPassword, passwordInput, spendPasswordCheck, verifyPassword } from "../auth/password-hashing.ts";
import type { SessionStore } from "../auth/session-store.ts";
import type { PrismaClient } from "../generated/prisma/client.ts";
import type { Logger } from "../logger.ts";
import type { Mailer } from "../mail/mailer.ts";
import { resetMail, verificationMail } from "./account-mails.ts";

const VERIFY_TTL_MS = 48 * 3_600_000;
const RESET_TTL_MS = 3_600_000;

export interface AccountAccessDeps {
  prisma: PrismaClient;
  sessions: SessionStore;
  tokens: OneTimeTokens;
  mailer: Mailer;
  logger: Logger;
  /** Whether another mail may go to this address now; false skips it (the mailbox is flooded). */
  mayMail?: (to: string) => Promise<boolean>;
  /** Where the dashboard is served, for the links in mails (no trailing slash). */
  baseUrl: string;
  now?: () => Date;
}

const signUpInput = createAccountInput.pick({ email: true }).extend({ password: passwordInput });
const emailOnly = createAccountInput.shape.email;

export type SignInResult = { ok: true; account: AccountRecord } | { ok: false };

function invalidLink(): SieveError {
  return invalidRequest("invalid or expired link");
}

/** How people reach their accounts: sign-up, verification, sign-in, passwords and their reset. */
export function createAccountAccess(deps: AccountAccessDeps) {
  const { prisma, logger } = deps;
  const now = deps.now ?? (() => new Date());

  // A mail that fails to go out is logged, not the request's failure: the user can ask again.
  async function mail(message: Parameters<Mailer["send"]>[0]): Promise<void> {
    if (deps.mayMail && !(await deps.mayMail(message.to))) {
      logger.warn("mail not sent: too many to this address this hour", { subject: message.subject });
      return;
    }
    await deps.mailer.send(message).catch((error: unknown) => {
      logger.warn("could not send mail", { subject: message.subject, error });
    });
  }

  async function sendVerification(account: AccountRecord): Promise<void> {
    const token = await deps.tokens.issue(account.id, "verify_email", VERIFY_TTL_MS);
    await mail(verificationMail(account.email, `${deps.baseUrl}/verify?token=${token}`));
  }

  async function storePassword(accountId: string, password: string, verify = false): Promise<AccountRecord> {
    const passwordHash = await hashPassword(parseInput(passwordInput, password, "password"));
    const existing = await prisma.account.findUnique({ where: { id: accountId }, select: accountSelect });
    if (!existing) throw accountNotFound(accountId);
    return prisma.account.update({
      where: { id: accountId },
      data: { passwordHash, ...(verify && !existing.emailVerifiedAt ? { emailVerifiedAt: now() } : {}) },
      select: accountSelect,
    });
  }

  return {
    /** A free, unverified `user`, and the verification mail on its way. */
    async signUp(input: { email: unknown; password: unknown }): Promise<AccountRecord> {
      const { email, password } = parseInput(signUpInput, input);
      const passwordHash = await hashPassword(password);
      let account: AccountRecord;
      try {
        account = await prisma.account.create({ data: { email, passwordHash }, select: accountSelect });
      } catch (error) {
        if (hasPrismaCode(error, UNIQUE_VIOLATION)) {
          throw new SieveError("conflict", "an account with this email already exists");
        }
        throw error;
      }
      await sendVerification(account);
      return account;
    },

    async resendVerification(accountId: string): Promise<void> {
      const account = await prisma.account.findUnique({ where: { id: accountId }, select: accountSelect });
      if (account && !account.emailVerifiedAt) await sendVerification(account);
    },

    async verifyEmail(token: unknown): Promise<AccountRecord> {
      const accountId = await deps.tokens.consume(token, "verify_email");
      if (!accountId) throw invalidLink();
      return prisma.account.update({
        where: { id: accountId },
        data: { emailVerifiedAt: now() },
        select: accountSelect,
      });
    },

    /**
     * Checks the password; an unknown email spends the same Argon2 time as a wrong password, so
     * the answer and its timing are the same. A suspended account is refused only after a right
     * password, which tells nothing to whoever does not know it.
     */
    async signIn(input: { email: unknown; password: unknown }): Promise<SignInResult> {
      const email = emailOnly.safeParse(input.email);
      const password = typeof input.password === "string" ? input.password : "";
      const found = email.success
        ? await prisma.account.findUnique({
            where: { email: email.data },
            select: { ...accountSelect, passwordHash: true },
          })
        : null;
      if (!found?.passwordHash) return spendPasswordCheck(password).then(() => ({ ok: false }));
      if (!(await verifyPassword(found.passwordHash, password))) return { ok: false };
      const { passwordHash: _, ...account } = found;
      if (account.status !== "active") throw forbidden("account is not active");
      return { ok: true, account };
    },

    /** Changes the password after checking the current one; the account's other sessions end. */
    async changePassword(
      accountId: string,
      input: { current: unknown; next: unknown },
      keepSessionId: string,
    ): Promise<void> {
      const found = await prisma.account.findUnique({
        where: { id: accountId },
        select: { passwordHash: true },
      });
      const current = typeof input.current === "string" ? input.current : "";
      if (!found?.passwordHash || !(await verifyPassword(found.passwordHash, current))) {
        throw new SieveError("unauthenticated", "wrong password");
      }
      await storePassword(accountId, parseInput(passwordInput, input.next, "new_password"));
      await deps.sessions.endAllFor(accountId, keepSessionId);
    },

    /** Mails a reset link when the account exists; says nothing either way. */
    async requestReset(emailInput: unknown): Promise<void> {
      const email = emailOnly.safeParse(emailInput);
      if (!email.success) return;
      const account = await prisma.account.findUnique({
        where: { email: email.data },
        select: accountSelect,
      });
      if (!account) return;
      const token = await deps.tokens.issue(account.id, "reset_password", RESET_TTL_MS);
      await mail(resetMail(account.email, `${deps.baseUrl}/reset?token=${token}`));
    },

    /** Sets a new password from a mailed link; the link proves the mailbox, so it verifies too. */
    async resetPassword(input: { token: unknown; password: unknown }): Promise<void> {
      const password = parseInput(passwordInput, input.password, "password");
      const accountId = await deps.tokens.consume(input.token, "reset_password");
      if (!accountId) throw invalidLink();
      await storePassword(accountId, password, true);
      await deps.sessions.endAllFor(accountId);
    },
  };
}
export type AccountAccess = ReturnType<typeof createAccountAccess>;
