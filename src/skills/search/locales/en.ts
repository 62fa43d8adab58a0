import type { Messages } from '../../../platform/module.ts';

export default {
  errors: {
    notWholeNumber: 'Enter a whole number from {{min}} to {{max}}.',
  },
  search: {
    occupations: 'Occupations',
    essentialSkills_one: '{{count}} essential skill',
    essentialSkills_other: '{{count}} essential skills',
    otherLanguage: 'Only available in {{language}}',
    languages: { en: 'English', nl: 'Dutch' },
    label: 'Search skills',
    placeholder: 'A skill in Dutch or English, e.g. programming',
    submit: 'Search',
    results_one: '{{count, number}} skill found',
    results_other: '{{count, number}} skills found',
    none: 'No skills match “{{q}}”.',
    matchedBy: 'Found by “{{label}}”',
    filters: {
      collection: 'Collection',
      category: 'Category',
      skillType: 'Skill type',
      status: 'Status',
    },
  },
} satisfies Messages;
