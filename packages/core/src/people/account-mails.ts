import type { MailMessage } from "../mail/mailer.ts";

/** The text of the mails accounts receive. Plain text: nothing to render, nothing to inject. */

export function verificationMail(to: string, link: string): MailMessage {
  return {
    to,
    subject: "Verify your Sieve account",
    text: [
      "Welcome to Sieve.",
      "",
      "Open this link to verify your email address (it works for 48 hours):",
      link,
      "",
      "If you did not sign up, ignore this mail.",
    ].join("\n"),
  };
}

export function resetMail(to: string, link: string): MailMessage {
  return {
    to,
    subject: "Reset your Sieve password",
    text: [
      "Someone asked to reset the password of your Sieve account.",
      "",
      "Open this link to choose a new password (it works for 1 hour, once):",
      link,
      "",
      "If it was not you, ignore this mail: your password stays as it is.",
    ].join("\n"),
  };
}
