import type { ModulePart } from '../platform/module.ts';
import { forgetPersonSigner } from './issuing/people.ts';

/**
 * The credentials module's rows about a person as a recipient: the credentials issued to their
 * addresses, their claims and the bulk-issue rows naming them. On erasure the issuer's records
 * stay (the credentials stay valid: the signed credential holds only a salted hash of the
 * address) and are recorded as issued to a pseudonym: the address and name are replaced.
 * A person who signed as themselves (an endorsement) has a signer: its did:key and list are in the
 * export (never the private key); on erasure the private key is destroyed and the list stays served.
 */
export const personalDataPart: ModulePart = {
  personalData: {
    tables: ['issued_credentials', 'claim_requests', 'bulk_issue_rows', 'person_signers'],

    async export(ctx, { userId, emails }) {
      const person_signers = await ctx.db
        .selectFrom('person_signers')
        .select(['id', 'did', 'public_key_multibase', 'next_status_index', 'created_at'])
        .where('user_id', '=', userId)
        .execute();
      if (emails.length === 0) return { issued_credentials: [], claim_requests: [], bulk_issue_rows: [], person_signers };
      const addresses = [...emails];
      const [issued, claims, bulk] = await Promise.all([
        ctx.db.selectFrom('issued_credentials').selectAll().where('recipient_email', 'in', addresses).orderBy('awarded_at').execute(),
        ctx.db
          .selectFrom('claim_requests')
          .select(['id', 'claim_code_id', 'email', 'name', 'expires_at', 'used_at', 'credential_id', 'created_at'])
          .where('email', 'in', addresses)
          .execute(),
        // Bulk rows keep the address as the CSV gave it.
        ctx.db
          .selectFrom('bulk_issue_rows')
          .selectAll()
          .where((eb) => eb(eb.fn('lower', ['email']), 'in', addresses))
          .execute(),
      ]);
      return { issued_credentials: issued, claim_requests: claims, bulk_issue_rows: bulk, person_signers };
    },

    async erase(ctx, { userId, emails }, pseudonym) {
      await forgetPersonSigner(ctx.db, userId);
      if (emails.length === 0) return;
      const addresses = [...emails];
      await ctx.db.transaction().execute(async (trx) => {
        await trx
          .updateTable('issued_credentials')
          .set({ recipient_email: pseudonym, recipient_name: null })
          .where('recipient_email', 'in', addresses)
          .execute();
        await trx.updateTable('claim_requests').set({ email: pseudonym, name: null }).where('email', 'in', addresses).execute();
        await trx
          .updateTable('bulk_issue_rows')
          .set({ email: pseudonym, name: null, data: JSON.stringify({}) as never })
          .where((eb) => eb(eb.fn('lower', ['email']), 'in', addresses))
          .execute();
      });
    },
  },
};
