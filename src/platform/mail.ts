import type { Kysely } from 'kysely';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import type { Database } from './db/schema.ts';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

/** A mail as the outbox keeps it. */
export interface OutboxMail {
  id: string;
  to: string;
  subject: string;
  text: string;
  status: string;
  error: string | null;
  createdAt: Date;
}

/**
 * Sends mail over SMTP when it is configured. Every mail is also kept in the outbox table; without
 * SMTP (the demo) that outbox is where mails go, and an operator reads them on the outbox page.
 */
export class Mailer {
  private readonly transport?: Transporter;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly config: Config,
    private readonly log: Logger,
  ) {
    if (config.smtp) {
      this.transport = nodemailer.createTransport({
        host: config.smtp.host,
        port: config.smtp.port,
        secure: config.smtp.secure,
        auth: config.smtp.user ? { user: config.smtp.user, pass: config.smtp.password } : undefined,
        // Checked unless SMTP_TLS_INSECURE=true: the mails carry sign-in and password-reset links.
        tls: { rejectUnauthorized: config.smtp.rejectUnauthorized !== false },
      });
    }
  }

  async send(mail: OutgoingMail): Promise<void> {
    let status: 'outbox' | 'sent' | 'failed' = 'outbox';
    let error: string | null = null;
    if (this.transport) {
      try {
        await this.transport.sendMail({ from: this.config.mailFrom, ...mail });
        status = 'sent';
      } catch (err) {
        status = 'failed';
        error = (err as Error).message;
        this.log.error({ err, to: mail.to }, 'mail could not be sent');
      }
    }
    await this.db
      .insertInto('mail_outbox')
      .values({ to_address: mail.to, subject: mail.subject, text_body: mail.text, html_body: mail.html ?? null, status, error })
      .execute();
  }

  /** The latest mails of the outbox, newest first (the operator's outbox page). */
  async outbox(limit = 200): Promise<OutboxMail[]> {
    const rows = await this.db
      .selectFrom('mail_outbox')
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      to: r.to_address,
      subject: r.subject,
      text: r.text_body,
      status: r.status,
      error: r.error,
      createdAt: r.created_at,
    }));
  }

  close(): void {
    this.transport?.close();
  }
}
