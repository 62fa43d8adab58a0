import type { Messages } from '../../../platform/module.ts';

export default {
  library: {
    status: { draft: 'Concept', published: 'Gepubliceerd', archived: 'Gearchiveerd' },
    action: {
      create: 'aangemaakt',
      update: 'gewijzigd',
      publish: 'gepubliceerd',
      archive: 'gearchiveerd',
      unarchive: 'teruggezet als concept',
      import: 'geïmporteerd',
      'import-update': 'bijgewerkt door een import',
      align: 'gekoppeld aan ESCO',
    },
    field: {
      name: 'Naam',
      statement: 'Omschrijving van de vaardigheid',
      keywords: 'Trefwoorden',
      categories: 'Categorieën',
      standards: 'Standaarden',
      certifications: 'Certificeringen',
      occupations: 'Beroepen',
      employers: 'Werkgevers',
      alignments: 'Koppelingen',
      author: 'Auteur',
      status: 'Status',
    },
    format: {
      rsd: 'RSD JSON-LD (Open Skills Network)',
      csv: 'CSV (kolommen van OSMT-batchimport)',
      case: '1EdTech CASE 1.1 JSON',
      ctdl: 'CTDL-ASN JSON-LD',
    },
    suggestion: { suggested: 'Voorgesteld', accepted: 'Geaccepteerd', rejected: 'Afgewezen', score: 'Overeenkomst' },
    import: {
      done: '{{created}} vaardigheden aangemaakt en {{updated}} bijgewerkt',
    },
  },
} satisfies Messages;
