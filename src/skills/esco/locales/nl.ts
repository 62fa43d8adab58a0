import type { Messages } from '../../../platform/module.ts';

export default {
  esco: {
    dashboard: {
      title: 'Vaardighedenbibliotheek',
      escoSkills: 'ESCO-vaardigheden',
      ownSkills: 'Eigen vaardigheden',
      occupations: 'Beroepen',
      import: 'ESCO-import:',
      never: 'nog niet geïmporteerd.',
      running: '{{status}}, {{percent}} klaar.',
      done: 'klaar op {{date}}.',
      failed: 'mislukt op {{date}}.',
      toImport: 'Imports',
    },
    title: 'ESCO importeren',
    intro:
      'Importeer de ESCO-classificatie (vaardigheden, vaardigheidsgroepen, beroepen en hun relaties) uit de officiële CSV-downloads. Opnieuw importeren werkt de bibliotheek bij zonder dubbelingen.',
    attribution: 'Deze dienst gebruikt de ESCO-classificatie van de Europese Commissie.',
    paths: 'Mappen of zipbestanden op de server',
    pathsHint: 'Eén per regel. Laat leeg om de ingestelde datamap te importeren: {{defaults}}',
    start: 'Import starten',
    queued: 'De import staat in de wachtrij; de voortgang staat hieronder.',
    runs: 'Imports',
    noRuns: 'Nog geen imports.',
    refresh: 'Vernieuwen',
    noData: 'Geen ESCO-gegevens gevonden in {{dir}}. Geef de paden van ESCO-CSV-downloads op.',
    col: { started: 'Gestart', status: 'Status', phase: 'Fase', progress: 'Voortgang', result: 'Resultaat' },
    status: { queued: 'In de wachtrij', running: 'Bezig', done: 'Klaar', failed: 'Mislukt' },
    summary:
      '{{skills, number}} vaardigheden, {{groups, number}} groepen, {{occupations, number}} beroepen, {{occupationSkills, number}} beroep–vaardigheidrelaties',
    pathMissing: 'Er is geen bestand of map op {{path}}',
  },
  errors: {
    importRunNotFound: 'Deze importronde bestaat niet.',
  },
} satisfies Messages;
