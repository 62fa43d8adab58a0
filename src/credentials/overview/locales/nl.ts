import type { Messages } from '../../../platform/module.ts';

const nl: Messages = {
  overview: {
    nav: 'Badges',
    pageTitle: 'Badges',
    issuerTitle: 'Badges van {{organisation}}',
    newBadge: 'Nieuwe badge',
    allBadges: 'Alle badges en instellingen',
    issuedAll_one: '{{formatted}} uitgereikte badge',
    issuedAll_other: '{{formatted}} uitgereikte badges',
    badges: 'Badges',
    firstBadge: 'Nog geen badges. Maak je eerste: geef hem een naam, kies de vaardigheden waar hij voor staat en ontwerp de afbeelding.',
    issuedCount_one: '{{formatted}} keer uitgereikt',
    issuedCount_other: '{{formatted}} keer uitgereikt',
    issue: 'Uitreiken',
    moreBadges: 'Nog {{count}} badges',
    runningJobs: 'Bulkuitgiftes die nu lopen',
    jobProgress: '{{done}} van {{total}} regels',
    jobLabel: 'Voortgang van de bulkuitgifte van {{name}}',
    openClaims: 'Open claimcodes',
    claimedUnlimited_one: 'één keer geclaimd',
    claimedUnlimited_other: '{{claimed}} keer geclaimd',
    claimedOf: '{{claimed}} van {{max}} geclaimd',
    closes: 'sluit {{date}}',
    recent: 'Net uitgereikt',
    noneIssued: 'Nog niets uitgereikt.',
    earnerTitle: 'Je badges',
    earnerLead:
      'Kreeg je een claimcode bij een evenement of cursus? Claim er je badge mee. Liet iemand je een badge zien? Controleer of hij echt is.',
    claim: 'Badge claimen met een code',
    verify: 'Badge controleren',
    networkTitle: 'Badges in het netwerk',
    thisMonth: 'Deze maand uitgereikt',
    total: 'In totaal uitgereikt',
    issuers: 'Organisaties die uitreikten',
    issueTitle: 'Badges uitreiken',
    noIssuerLead:
      'Je reikt nog geen badges uit voor een organisatie. Maak een organisatie aan, of vraag een beheerder van je organisatie om je de rol van uitgever te geven.',
    toOrganisations: 'Je organisaties',
    orgBadges: 'Badges',
    orgIssued: 'Uitgereikte badges',
    orgSettings: 'Instellingen als uitgever',
  },
};

export default nl;
