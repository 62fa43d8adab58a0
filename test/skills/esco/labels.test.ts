import { describe, expect, it } from 'vitest';
import { labelRowsFor, normaliseText } from '../../../src/skills/labels.ts';

describe('normaliseText', () => {
  it('folds accents, case, ligatures and whitespace', () => {
    expect(normaliseText('  Inspiciënt  Café\tﬁle ')).toBe('inspicient cafe file');
    expect(normaliseText('ÉCOLE\n\nÇa')).toBe('ecole ca');
  });
});

describe('labelRowsFor', () => {
  it('gives one row per distinct label and language, the strongest kind winning', () => {
    const rows = labelRowsFor('s1', {
      name: { en: 'manage staff', nl: 'personeel beheren' },
      alt_labels: { en: ['Manage  staff', 'direct staff', ''], nl: ['personeel leiden'] },
      hidden_labels: { en: ['direct staff', 'staf'] },
      keywords: { en: ['staff'] },
    });
    expect(rows.map((r) => `${r.lang}:${r.kind}:${r.label}:${r.norm}`)).toEqual([
      'en:preferred:manage staff:manage staff',
      'nl:preferred:personeel beheren:personeel beheren',
      'en:alt:direct staff:direct staff',
      'nl:alt:personeel leiden:personeel leiden',
      'en:hidden:staf:staf',
      'en:keyword:staff:staff',
    ]);
    expect(rows.every((r) => r.skill_id === 's1')).toBe(true);
  });
});
