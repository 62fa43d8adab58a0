/**
 * Expiry reminders: a mail to the holder of a module badge REMINDER_DAYS before it expires, with a
 * link to renew it. One reminder per credential and period (its validUntil): the run first claims
 * the (credential, validUntil) row, then mails, then marks it sent. Run twice, or two at once, the
 * claim lets only one through; killed between claiming and marking, the next run after
 * CLAIM_MINUTES finds the claim unsent and mails it then (nothing else is sent twice: the only
 * window is between the mail leaving and the mark, the width of one UPDATE).
 */
import { confirmedAddresses, getCurrentUser } from '../accounts/api.ts';
import { credentialSummary } from '../credentials/api.ts';
import type { AppContext } from '../platform/context.ts';
import type { Locale } from '../platform/module.ts';

export const REMINDER_DAYS = 30;
/** A claim older than this without a sent mark belongs to a run that stopped. */
export const CLAIM_MINUTES = 15;

export interface ReminderResult {
  sent: number;
  skipped: number;
}

/** The badges that expire within REMINDER_DAYS and were not renewed, with who holds them. */
async function due(ctx: AppContext, now: Date) {
  const until = new Date(now.getTime() + REMINDER_DAYS * 86_400_000);
  const rows = await ctx.db
    .selectFrom('programme_rounds as r')
    .innerJoin('programme_enrolments as e', 'e.id', 'r.enrolment_id')
    .innerJoin('programme_modules as m', 'm.id', 'r.module_id')
    .innerJoin('programmes as p', 'p.id', 'm.programme_id')
    .select([
      'r.id',
      'r.credential_id',
      'r.valid_until',
      'r.enrolment_id',
      'r.module_id',
      'r.number',
      'e.user_id',
      'm.name as module_name',
      'p.id as programme_id',
      'p.name as programme_name',
    ])
    .where('r.credential_id', 'is not', null)
    .where('r.valid_until', '>', now)
    .where('r.valid_until', '<=', until)
    // Renewed: a later round of the module has a credential of its own.
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('programme_rounds as later')
            .select('later.id')
            .whereRef('later.enrolment_id', '=', 'r.enrolment_id')
            .whereRef('later.module_id', '=', 'r.module_id')
            .whereRef('later.number', '>', 'r.number')
            .where('later.credential_id', 'is not', null),
        ),
      ),
    )
    .orderBy('r.valid_until')
    .execute();
  return rows;
}

/** Claims the reminder of one credential and period; true when this run is to send it. */
async function claim(ctx: AppContext, credentialId: string, validUntil: Date, roundId: string, now: Date): Promise<boolean> {
  const inserted = await ctx.db
    .insertInto('programme_reminders')
    .values({ credential_id: credentialId, valid_until: validUntil, round_id: roundId, claimed_at: now })
    .onConflict((oc) => oc.columns(['credential_id', 'valid_until']).doNothing())
    .returning('credential_id')
    .executeTakeFirst();
  if (inserted) return true;
  // Claimed before by a run that never marked it sent and is gone by now: this run takes it over.
  const stale = new Date(now.getTime() - CLAIM_MINUTES * 60_000);
  const taken = await ctx.db
    .updateTable('programme_reminders')
    .set({ claimed_at: now })
    .where('credential_id', '=', credentialId)
    .where('valid_until', '=', validUntil)
    .where('sent_at', 'is', null)
    .where('claimed_at', '<', stale)
    .returning('credential_id')
    .executeTakeFirst();
  return Boolean(taken);
}

/** Mails every holder whose badge expires soon, once per credential and period. */
export async function sendReminders(ctx: AppContext, now = new Date()): Promise<ReminderResult> {
  const result: ReminderResult = { sent: 0, skipped: 0 };
  for (const row of await due(ctx, now)) {
    const credentialId = row.credential_id as string;
    const validUntil = row.valid_until as Date;
    const summary = await credentialSummary(ctx, credentialId);
    if (!summary || summary.state === 'revoked') {
      result.skipped++;
      continue;
    }
    if (!(await claim(ctx, credentialId, validUntil, row.id, now))) {
      result.skipped++;
      continue;
    }
    const person = await getCurrentUser(ctx.db, row.user_id);
    const [to] = person ? await confirmedAddresses(ctx.db, row.user_id) : [];
    if (person && to) {
      const lang: Locale = person.locale === 'nl' ? 'nl' : 'en';
      const t = ctx.i18n.getFixedT(lang, 'programmes');
      const vars = {
        name: person.name,
        badge: row.module_name,
        programme: row.programme_name,
        date: new Intl.DateTimeFormat(lang === 'nl' ? 'nl-NL' : 'en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(validUntil),
        link: `${ctx.config.baseUrl}/programmes/${row.programme_id}/work#module-${row.module_id}`,
        credential: summary.url,
      };
      await ctx.mail.send({ to, subject: t('mail.reminder.subject', vars), text: t('mail.reminder.body', vars) });
      result.sent++;
    } else result.skipped++;
    await ctx.db
      .updateTable('programme_reminders')
      .set({ sent_at: new Date() })
      .where('credential_id', '=', credentialId)
      .where('valid_until', '=', validUntil)
      .execute();
  }
  return result;
}
