import type { Messages } from '../../../platform/module.ts';

export default {
  errors: {
    noteSetNotFound: 'Deze notities zijn niet gevonden.',
    noteBlockNotFound: 'Dit deel van de notities is niet gevonden. Misschien heeft iemand het weggehaald.',
    noteConflict:
      'Iemand heeft dit deel van de notities opgeslagen nadat jij het opende. Die tekst staat hierboven; jouw tekst staat nog in het vak. Voeg ze samen en sla opnieuw op.',
    notInGroup: 'Alleen de leden van deze groep en de facilitators kunnen de notities schrijven.',
    tooManyNoteBlocks: 'Deze notities hebben hoogstens {{max}} delen. Pas een bestaand deel aan.',
  },
  work: {
    nav: 'Tijdens en na de sessie',
    questions: 'Richtvragen',
    breakouts: 'Groepen',
    clinic: 'Clinic',
    reflection: 'Reflectie',
    openSpace: 'Open space',
    report: 'Verslag',
  },
  notes: {
    title: 'Gedeelde notities',
    live: 'Iedereen in de groep ziet nieuwe notities hier binnen een paar seconden, zonder de pagina te herladen.',
    none: 'Nog geen notities.',
    by: 'Door {{name}}, {{when}}',
    byEdited: 'Door {{name}}, aangepast door {{editor}}, {{when}}',
    edit: 'Aanpassen',
    add: 'Aan de notities toevoegen',
    addHint: 'Een punt, een antwoord, een citaat. Toevoegen overschrijft nooit de notities van een ander.',
    addButton: 'Toevoegen',
    readOnly: 'Alleen de leden van deze groep en de facilitators schrijven deze notities.',
    editTitle: 'Een deel van de notities aanpassen',
    text: 'Tekst',
    emptyRemoves: 'Maak het vak leeg en sla op om dit deel weg te halen.',
    save: 'Opslaan',
    back: 'Terug naar de notities',
    saved: 'Je aanpassing van de notities is opgeslagen.',
    removed: 'Het deel van de notities is weggehaald.',
    newerTitle: 'Iemand heeft dit deel intussen aangepast',
    newerIntro:
      'Dit is de tekst zoals hij nu is. Jouw tekst staat nog in het vak hieronder: neem over wat je nodig hebt en sla opnieuw op.',
  },
} satisfies Messages;
