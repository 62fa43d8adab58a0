import { errorCodes } from '../platform/errors.ts';

/**
 * Error codes of a person's extra email addresses (src/accounts/addresses.ts), in the accounts
 * namespace; their texts are `accounts:errors.<name>` in locales/addresses.en.ts and .nl.ts.
 */
export const AddressErrors = errorCodes('accounts', {
  /** The address is already one of this account's addresses. */
  addressAlreadyYours: 409,
  /** The address is confirmed for another account (said only to whoever reads its mailbox). */
  addressTaken: 409,
  /** {max} */
  tooManyAddresses: 409,
  /** A confirmation link of an address that is unknown, used or expired. */
  addressLinkInvalid: 404,
  addressNotFound: 404,
  /** Only unconfirmed addresses get another link. */
  addressConfirmedAlready: 409,
});
