import { errorCodes } from '../platform/errors.ts';

/**
 * The accounts module's error codes; their texts are `accounts:errors.<name>` in its locales (en, nl).
 * Throw them as `AccountsErrors.tooManyAttempts('email', { minutes })`.
 */
export const AccountsErrors = errorCodes('accounts', {
  tooManyAttempts: 429,
});
