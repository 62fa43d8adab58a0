import type { Messages } from '../../platform/module.ts';

/** Teksten van iemands extra e-mailadressen (in index.ts samengevoegd met de accounts-namespace). */
export default {
  errors: {
    addressAlreadyYours: 'Dit adres is al een van jouw adressen.',
    addressTaken: 'Dit adres is al bevestigd voor een ander account en kan niet aan het jouwe worden toegevoegd.',
    tooManyAddresses: 'Je kunt hoogstens {{max}} extra adressen hebben. Verwijder er eerst een.',
    addressLinkInvalid: 'Deze bevestigingslink werkt niet: hij is al gebruikt, verlopen of bestaat niet.',
    addressNotFound: 'Dit adres staat niet tussen jouw adressen.',
    addressConfirmedAlready: 'Dit adres is al bevestigd.',
  },
  apps: {
    title: 'Apps met toegang',
    lead: 'Wallets en andere apps die je toestemming gaf om je badges te lezen of toe te voegen.',
    link: 'Apps bekijken en intrekken',
  },
  personalData: {
    title: 'Je gegevens',
    lead: 'Download alles wat Vaardig over je bewaart, of verwijder je account.',
    link: 'Je gegevens downloaden of verwijderen',
  },
  addresses: {
    title: 'E-mailadressen',
    lead: 'Badges die naar een van je bevestigde adressen zijn gestuurd, verschijnen in je rugzak. Met je hoofdadres log je in.',
    address: 'Adres',
    status: 'Status',
    actions: 'Acties',
    primary: 'hoofdadres',
    confirmed: 'bevestigd',
    waiting: 'wacht op bevestiging',
    newAddress: 'E-mailadres toevoegen',
    newAddressHint: 'We sturen een link naar dit adres. Het telt mee zodra je de link volgt.',
    add: 'Adres toevoegen',
    resend: 'Link opnieuw sturen',
    resendLabel: 'Link opnieuw sturen naar {{email}}',
    remove: 'Verwijderen',
    removeLabel: '{{email}} verwijderen',
    added: 'We hebben een link naar {{email}} gestuurd. Volg die om het adres te bevestigen.',
    resent: 'We hebben een nieuwe link naar {{email}} gestuurd.',
    removed: '{{email}} is uit je account verwijderd.',
    confirmTitle: 'E-mailadres bevestigen',
    confirmLead: 'Bevestig dat dit adres van jou is. Badges die ernaar gestuurd zijn, verschijnen dan in je rugzak.',
    confirmButton: 'Adres bevestigen',
    confirmedDone: '{{email}} is bevestigd.',
    mail: {
      subject: 'Bevestig je e-mailadres voor Vaardig',
      text: 'Hallo {{name}},\n\nJe hebt {{email}} aan je Vaardig-account toegevoegd. Volg deze link om het te bevestigen (hij werkt {{hours}} uur):\n\n{{link}}\n\nHeb je dit adres niet toegevoegd? Negeer deze mail dan: er verandert niets.',
    },
  },
} satisfies Messages;
