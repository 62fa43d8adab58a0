import type { Messages } from '../module.ts';

export default {
  nav: {
    main: 'Hoofdmenu',
    skip: 'Naar de inhoud',
    home: 'Home',
    signIn: 'Inloggen',
    signUp: 'Registreren',
    signOut: 'Uitloggen',
    organisations: 'Organisaties',
    account: 'Account',
    outbox: 'Postvak uit',
  },
  footer: { about: 'Vaardig, open-source platform voor vaardigheden-ecosystemen.' },
  home: {
    title: 'Eén taal van vaardigheden voor je netwerk',
    lead: 'Vaardig houdt een gedeelde bibliotheek van vaardigheden bij, erkent leren met verifieerbare Open Badges, ondersteunt communities of practice en laat zien welke vaardigheden de arbeidsmarkt vraagt.',
    demo: 'Dit is een demonetwerk: de mensen en organisaties erin zijn verzonnen.',
    getStarted: 'Maak een account',
  },
  form: { errorSummary: 'Er is een probleem', save: 'Opslaan', cancel: 'Annuleren' },
  errors: {
    csrf: 'Het formulier is verlopen of kwam niet van deze site. Ga terug, laad de pagina opnieuw en probeer het nog eens.',
    home: 'Naar de startpagina',
    '400': { title: 'Dat lukte niet', body: 'Het verzoek werd niet begrepen. Ga terug en probeer het opnieuw.' },
    '403': { title: 'Niet toegestaan' },
    '404': {
      title: 'Pagina niet gevonden',
      body: 'Op dit adres staat geen pagina. Controleer het adres, of begin opnieuw op de startpagina.',
    },
    '413': { title: 'Te groot', body: 'Wat je stuurde is groter dan deze pagina aanneemt.' },
    '415': { title: 'Niet ondersteund formaat', body: 'Deze pagina neemt niet aan wat in dit formaat werd gestuurd.' },
    '429': { title: 'Te veel verzoeken', body: 'Je probeerde dit te vaak in korte tijd. Wacht een minuut en probeer het opnieuw.' },
    '500': { title: 'Er ging iets mis', body: 'Er ging bij ons iets mis. Probeer het zo nog eens.' },
  },
} satisfies Messages;
