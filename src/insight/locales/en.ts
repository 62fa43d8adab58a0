import type { Messages } from '../../platform/module.ts';

export default {
  nav: { insight: 'Insight' },
  errors: {
    badDate: 'Give the date as YYYY-MM-DD.',
    badPeriod: 'The period must start before it ends and be at most {{max}} days long.',
    badInterval: 'Choose week or month.',
    unknownSkill: '"{{value}}" is not a skill of the library.',
    unknownGroup: '"{{value}}" is not a skill group of the library.',
    unknownOccupation: '"{{value}}" is not an occupation of the vacancies.',
    unknownProvince: '"{{value}}" is not a province of the Netherlands.',
    badMunicipality: 'A municipality is a name of at most 100 characters.',
    badNumber: 'Give a whole number from {{min}} to {{max}}.',
    badFormat: 'Choose csv or json.',
    themeNotFound: 'This theme was not found.',
    sessionNotFound: 'This session was not found.',
    noNextSession: 'The community has no session planned yet: plan one first.',
    skillNotInTheme: 'Choose one of the theme’s skills.',
  },
  home: {
    title: 'Insight',
    lead: 'Which skills employers ask for, which skills people in the network have proven, and where the gaps are.',
  },
} satisfies Messages;
