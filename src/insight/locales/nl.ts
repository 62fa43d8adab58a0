import type { Messages } from '../../platform/module.ts';

export default {
  nav: { insight: 'Inzicht' },
  errors: {
    badDate: 'Geef de datum als JJJJ-MM-DD.',
    badPeriod: 'De periode moet beginnen voor ze eindigt en mag hoogstens {{max}} dagen lang zijn.',
    badInterval: 'Kies week of maand.',
    unknownSkill: '"{{value}}" is geen vaardigheid uit de bibliotheek.',
    unknownGroup: '"{{value}}" is geen groep vaardigheden uit de bibliotheek.',
    unknownOccupation: '"{{value}}" is geen beroep van de vacatures.',
    unknownProvince: '"{{value}}" is geen Nederlandse provincie.',
    badMunicipality: 'Een gemeente is een naam van hoogstens 100 tekens.',
    badNumber: 'Geef een heel getal van {{min}} tot {{max}}.',
    badFormat: 'Kies csv of json.',
    themeNotFound: 'Dit thema is niet gevonden.',
    sessionNotFound: 'Deze bijeenkomst is niet gevonden.',
    noNextSession: 'De community heeft nog geen bijeenkomst gepland: plan er eerst een.',
    skillNotInTheme: 'Kies een van de vaardigheden van het thema.',
  },
  home: {
    title: 'Inzicht',
    lead: 'Welke vaardigheden werkgevers vragen, welke vaardigheden mensen in het netwerk hebben bewezen, en waar de tekorten zitten.',
  },
} satisfies Messages;
