import type { Messages } from '../../../platform/module.ts';

export default {
  esco: {
    dashboard: {
      title: 'Skills library',
      escoSkills: 'ESCO skills',
      ownSkills: 'Own skills',
      occupations: 'Occupations',
      import: 'ESCO import:',
      never: 'not imported yet.',
      running: '{{status}}, {{percent}} done.',
      done: 'done on {{date}}.',
      failed: 'failed on {{date}}.',
      toImport: 'Imports',
    },
    title: 'Import ESCO',
    intro:
      'Import the ESCO classification (skills, skill groups, occupations and their relations) from the official CSV downloads. Importing again updates the library in place.',
    attribution: 'This service uses the ESCO classification of the European Commission.',
    paths: 'Folders or zip files on the server',
    pathsHint: 'One per line. Leave empty to import the configured data folder: {{defaults}}',
    start: 'Start import',
    queued: 'The import is queued; its progress shows below.',
    runs: 'Import runs',
    noRuns: 'No imports yet.',
    refresh: 'Refresh',
    noData: 'No ESCO data was found in {{dir}}. Give the paths of ESCO CSV downloads.',
    col: { started: 'Started', status: 'Status', phase: 'Phase', progress: 'Progress', result: 'Result' },
    status: { queued: 'Queued', running: 'Running', done: 'Done', failed: 'Failed' },
    summary:
      '{{skills, number}} skills, {{groups, number}} groups, {{occupations, number}} occupations, {{occupationSkills, number}} occupation–skill relations',
    pathMissing: 'There is no file or folder at {{path}}',
  },
  errors: {
    importRunNotFound: 'This import run does not exist.',
  },
} satisfies Messages;
