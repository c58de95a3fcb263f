import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import nodemailer from "nodemailer";

export interface Delivery {
  id: number;
  channel: string;
  recipient: string;
  subject: string;
  body: string;
}

/**
 * Where messages leave the service. Email today; an SMS gateway or Zalo Official Account is one
 * more implementation of this interface, chosen by the message's channel.
 */
export interface Transport {
  readonly name: string;
  send(message: Delivery): Promise<void>;
}

/** A failure that retrying cannot fix (e.g. the webhook was deleted): the message is given up at once. */
export class PermanentFailure extends Error {}

/** One transport per channel (`email`, `webhook`); a message on an unknown channel is given up. */
export function channelRouter(transports: Record<string, Transport>): Transport & { lastPath?: string } {
  return {
    name: "router",
    // Where the last email went, when email is written to files (logged by the worker).
    get lastPath() {
      const email = transports.email as (Transport & { lastPath?: string }) | undefined;
      return email?.lastPath;
    },
    async send(message) {
      const transport = transports[message.channel];
      if (!transport) throw new PermanentFailure(`no transport for channel ${message.channel}`);
      await transport.send(message);
    },
  };
}

const FROM = "Góp Ý <no-reply@gopy.local>";

/** Real email through SMTP (`SMTP_URL`, e.g. smtp://user:pass@mail.example:587). */
export function smtpTransport(smtpUrl: string, from = FROM): Transport {
  const mailer = nodemailer.createTransport(smtpUrl);
  return {
    name: "smtp",
    async send(message) {
      await mailer.sendMail({
        from,
        to: message.recipient,
        subject: message.subject,
        text: message.body,
        headers: { "X-Gopy-Message-Id": String(message.id) },
      });
    },
  };
}

/**
 * Without SMTP, each message becomes an `.eml` file under `DATA_DIR/outbox` that any mail program
 * opens. The file is named after the message id, so a resend overwrites rather than duplicates.
 */
export function fileTransport(dir: string, from = FROM): Transport & { lastPath?: string } {
  const transport: Transport & { lastPath?: string } = {
    name: "file",
    async send(message) {
      const mail = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
      const info = await mail.sendMail({
        from,
        to: message.recipient,
        subject: message.subject,
        text: message.body,
      });
      mkdirSync(dir, { recursive: true });
      const file = path.join(dir, `${String(message.id).padStart(8, "0")}.eml`);
      writeFileSync(file, info.message as Buffer);
      transport.lastPath = file;
    },
  };
  return transport;
}
