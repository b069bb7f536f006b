import nodemailer from "nodemailer";
import type { Logger } from "../logger.ts";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

/**
 * Mail over SMTP (`smtpUrl`, e.g. `smtp://user:pass@host:587`). Without one, the message is
 * written to the log instead: enough for one machine, where the operator reads the link there.
 */
export function createMailer(options: {
  smtpUrl?: string | undefined;
  from: string;
  logger: Logger;
}): Mailer {
  const { logger } = options;
  if (!options.smtpUrl) {
    return {
      async send(message) {
        logger.info("mail not sent (SMTP_URL is unset); its text follows", {
          to: message.to,
          subject: message.subject,
          text: message.text,
        });
      },
      close() {},
    };
  }
  const transport = nodemailer.createTransport(options.smtpUrl);
  return {
    async send(message) {
      await transport.sendMail({ from: options.from, ...message });
    },
    close() {
      transport.close();
    },
  };
}
