import type { AppContext } from '../platform/context.ts';
import type { Locale } from '../platform/module.ts';

export type AccountMail = 'confirm' | 'reset' | 'invitation' | 'signupExisting';

/** Sends one of the account mails in the reader's language; the texts are `accounts:mail.<kind>.*`. */
export async function sendAccountMail(
  ctx: AppContext,
  lang: Locale,
  to: string,
  kind: AccountMail,
  values: Record<string, string | number>,
): Promise<void> {
  const t = ctx.i18n.getFixedT(lang, 'accounts');
  await ctx.mail.send({ to, subject: t(`mail.${kind}.subject`, values), text: t(`mail.${kind}.text`, values) });
}
