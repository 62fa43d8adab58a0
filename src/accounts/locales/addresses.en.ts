import type { Messages } from '../../platform/module.ts';

/** Texts of a person's extra email addresses (merged into the accounts namespace in index.ts). */
export default {
  errors: {
    addressAlreadyYours: 'This address is already one of your addresses.',
    addressTaken: 'This address is already confirmed for another account, so it cannot be added to yours.',
    tooManyAddresses: 'You can have at most {{max}} extra addresses. Remove one first.',
    addressLinkInvalid: 'This confirmation link is not valid: it was used already, it has expired, or it does not exist.',
    addressNotFound: 'This address was not found among your addresses.',
    addressConfirmedAlready: 'This address is already confirmed.',
  },
  apps: {
    title: 'Apps with access',
    lead: 'Wallets and other apps you allowed to read or add your badges.',
    link: 'See and withdraw apps',
  },
  personalData: {
    title: 'Your data',
    lead: 'Download everything Vaardig holds about you, or delete your account.',
    link: 'Download or delete your data',
  },
  addresses: {
    title: 'Email addresses',
    lead: 'Badges sent to any of your confirmed addresses appear in your backpack. Your primary address is the one you sign in with.',
    address: 'Address',
    status: 'Status',
    actions: 'Actions',
    primary: 'primary',
    confirmed: 'confirmed',
    waiting: 'waiting for confirmation',
    newAddress: 'Add an email address',
    newAddressHint: 'We send a link to this address. It counts once you follow the link.',
    add: 'Add address',
    resend: 'Send link again',
    resendLabel: 'Send link again to {{email}}',
    remove: 'Remove',
    removeLabel: 'Remove {{email}}',
    added: 'We sent a link to {{email}}. Follow it to confirm the address.',
    resent: 'We sent a new link to {{email}}.',
    removed: '{{email}} was removed from your account.',
    confirmTitle: 'Confirm an email address',
    confirmLead: 'Confirm that this address is yours. Badges sent to it then appear in your backpack.',
    confirmButton: 'Confirm address',
    confirmedDone: '{{email}} is confirmed.',
    mail: {
      subject: 'Confirm your email address for Vaardig',
      text: 'Hello {{name}},\n\nYou added {{email}} to your Vaardig account. Follow this link to confirm it (it works for {{hours}} hours):\n\n{{link}}\n\nDid you not add this address? Then ignore this mail: nothing changes.',
    },
  },
} satisfies Messages;
