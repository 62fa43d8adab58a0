import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * What the real ESCO download (../shared/data/esco) must import as, computed from the files
 * themselves with Python's csv module (an independent reader), not hard-coded. Used by
 * test/skills/search/quality.test.ts, which imports the real files once per database for its
 * queries and checks that first import against these counts.
 */
export const canCountRealEsco = existsSync('/usr/bin/python3');

const COUNT_SCRIPT = `
import csv, io, sys, zipfile, os, glob
csv.field_size_limit(10**9)
files = {}
for p in sys.argv[1:]:
    if os.path.isdir(p):
        for f in glob.glob(os.path.join(p, '*.csv')): files[os.path.basename(f)] = open(f, encoding='utf-8', newline='').read()
        for z in glob.glob(os.path.join(p, '*.zip')):
            with zipfile.ZipFile(z) as zf:
                for n in zf.namelist(): files[os.path.basename(n)] = zf.read(n).decode('utf-8')
rows = lambda name: list(csv.DictReader(io.StringIO(files[name]))) if name in files else []
skills = {r['conceptUri'] for r in rows('skills_en.csv')}
groups = {r['conceptUri'] for r in rows('skillGroups_en.csv')}
for name in ('skillsHierarchy_en.csv', 'skillsHierarchy_nl.csv'):
    for r in rows(name):
        groups |= {r['Level %d URI' % l] for l in range(4) if r['Level %d URI' % l]}
concepts = skills | groups
occ = {r['conceptUri'] for r in rows('occupations_en.csv')} | {r['conceptUri'] for r in rows('occupations_nl.csv')}
broader = {(r['conceptUri'], r['broaderUri']) for r in rows('broaderRelationsSkillPillar.csv')}
for name in ('skillsHierarchy_en.csv', 'skillsHierarchy_nl.csv'):
    for r in rows(name):
        lv = [r['Level %d URI' % l] for l in range(4) if r['Level %d URI' % l]]
        broader |= set(zip(lv[1:], lv))
osr = {(r['occupationUri'], r['skillUri']) for r in rows('occupationSkillRelations.csv')}
ssr = {(r['originalSkillUri'], r['relatedSkillUri']) for r in rows('skillSkillRelations.csv')}
coll = {}
for name in files:
    for stem, key in (('digitalSkillsCollection','digital'),('greenSkillsCollection','green'),('languageSkillsCollection','language'),('transversalSkillsCollection','transversal'),('researchSkillsCollection','research'),('digCompSkillsCollection','digcomp')):
        if name.startswith(stem + '_'): coll.setdefault(key, set()).update(r['conceptUri'] for r in rows(name))
isco = {r['code'] for r in rows('ISCOGroups_en.csv')} | {r['code'] for r in rows('ISCOGroups_nl.csv')}
print(len(skills), len(groups - skills), len(isco), len(occ),
      sum(1 for a, b in broader if a in concepts and b in concepts),
      sum(1 for a, b in osr if a in occ and b in concepts),
      sum(1 for a, b in ssr if a in concepts and b in concepts),
      len(coll), sum(len(v & concepts) for v in coll.values()),
      len(rows('skills_en.csv')), len(rows('occupations_en.csv')))
`;

export interface RealEscoCounts {
  expected: {
    skills: number;
    groups: number;
    iscoGroups: number;
    occupations: number;
    broader: number;
    occupationSkills: number;
    skillRelations: number;
    collections: number;
    collectionSkills: number;
  };
  /** One row per skill in skills_en.csv (13,896 in v1.1.1), and the occupations by both readings. */
  skillRows: number;
  occupations: number;
  occupationRows: number;
}

export function countRealEsco(paths: string[]): RealEscoCounts {
  const out = execFileSync('python3', ['-c', COUNT_SCRIPT, ...paths], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const [
    skills,
    groups,
    iscoGroups,
    occupations,
    broader,
    occupationSkills,
    skillRelations,
    collections,
    collectionSkills,
    skillRows,
    occupationRows,
  ] = out.trim().split(/\s+/).map(Number);
  return {
    expected: {
      skills,
      groups,
      iscoGroups,
      occupations: occupationRows,
      broader,
      occupationSkills,
      skillRelations,
      collections,
      collectionSkills,
    },
    skillRows,
    occupations,
    occupationRows,
  };
}
