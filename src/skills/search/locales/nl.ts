import type { Messages } from '../../../platform/module.ts';

export default {
  errors: {
    notWholeNumber: 'Vul een heel getal in van {{min}} tot en met {{max}}.',
  },
  search: {
    occupations: 'Beroepen',
    essentialSkills_one: '{{count}} essentiële vaardigheid',
    essentialSkills_other: '{{count}} essentiële vaardigheden',
    otherLanguage: 'Alleen beschikbaar in het {{language}}',
    languages: { en: 'Engels', nl: 'Nederlands' },
    label: 'Vaardigheden zoeken',
    placeholder: 'Een vaardigheid in het Nederlands of Engels, bijv. programmeren',
    submit: 'Zoeken',
    results_one: '{{count, number}} vaardigheid gevonden',
    results_other: '{{count, number}} vaardigheden gevonden',
    none: 'Geen vaardigheden gevonden voor “{{q}}”.',
    matchedBy: 'Gevonden via “{{label}}”',
    filters: {
      collection: 'Collectie',
      category: 'Categorie',
      skillType: 'Soort vaardigheid',
      status: 'Status',
    },
  },
} satisfies Messages;
