import type { Messages } from '../../../platform/module.ts';

export default {
  library: {
    status: { draft: 'Draft', published: 'Published', archived: 'Archived' },
    action: {
      create: 'created',
      update: 'changed',
      publish: 'published',
      archive: 'archived',
      unarchive: 'brought back as a draft',
      import: 'imported',
      'import-update': 'updated by an import',
      align: 'aligned to ESCO',
    },
    field: {
      name: 'Name',
      statement: 'Skill statement',
      keywords: 'Keywords',
      categories: 'Categories',
      standards: 'Standards',
      certifications: 'Certifications',
      occupations: 'Occupations',
      employers: 'Employers',
      alignments: 'Alignments',
      author: 'Author',
      status: 'Status',
    },
    format: {
      rsd: 'RSD JSON-LD (Open Skills Network)',
      csv: 'CSV (OSMT batch columns)',
      case: '1EdTech CASE 1.1 JSON',
      ctdl: 'CTDL-ASN JSON-LD',
    },
    suggestion: { suggested: 'Suggested', accepted: 'Accepted', rejected: 'Rejected', score: 'Match' },
    import: {
      done: '{{created}} skills created and {{updated}} updated',
    },
  },
} satisfies Messages;
