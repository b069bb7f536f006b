import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export interface ReceivedMail {
  to: string[];
  raw: string;
}

export interface SmtpReceiver {
  /** `smtp://127.0.0.1:PORT`, for SMTP_URL. */
  url: string;
  mails: ReceivedMail[];
  /** The first link in the newest mail to `to` whose path is `path`, waiting for it to arrive. */
  linkTo(to: string, path: string, timeoutMs?: number): Promise<URL>;
  close(): Promise<void>;
}

/** A real SMTP server on loopback that keeps every message it is sent. */
export async function startSmtpReceiver(): Promise<SmtpReceiver> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        mails.push({
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw: Buffer.concat(chunks).toString("utf8"),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    async linkTo(to, path, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const mail = mails.filter((entry) => entry.to.includes(to)).at(-1);
        // Quoted-printable may fold long lines with "=\r\n"; unfold before looking.
        const text = mail?.raw.replace(/=\r?\n/g, "").replace(/=3D/g, "=");
        const match = text?.match(new RegExp(`https?://[^\\s]+${path}\\?token=[A-Za-z0-9_-]+`));
        if (match) return new URL(match[0]);
        if (Date.now() > deadline) throw new Error(`no mail to ${to} with a ${path} link arrived`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
