import type { ColumnType, Generated } from 'kysely';

/** A timestamp column; optional on insert (the database fills in defaults). */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface MailOutboxTable {
  id: Generated<string>;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  /** 'outbox' when no SMTP server is set (the demo), else 'sent' or 'failed'. */
  status: 'outbox' | 'sent' | 'failed';
  error: string | null;
  created_at: Timestamp;
}

/** One row: the version of what public pages show, raised by triggers (see platform/migrations.ts). */
export interface PublicPagesVersionTable {
  id: number;
  version: ColumnType<string, string | number, string | number>;
}

/** The platform's own tables; modules reach them through the platform's functions (e.g. `ctx.mail`). */
export const tables = ['mail_outbox', 'public_pages_version'] as const;

declare module './db/schema.ts' {
  interface Database {
    mail_outbox: MailOutboxTable;
    public_pages_version: PublicPagesVersionTable;
  }
}
