import type { DemoNetwork, DemoNetworkSeeder } from '../platform/module.ts';
import { hashPassword } from './passwords.ts';
import type { OrgRole } from './schema.ts';
import { addMember, createOrganisation, createUser } from './service.ts';

// Demo passwords are printed on the console: the demo is for trying Vaardig out, never for real data.
const PASSWORD = 'demo-vaardig';

const ORGANISATIONS = {
  city: { slug: 'lerende-stad-oss', name: 'De Lerende Stad Oss', kind: 'network', description: 'Netwerk van de lerende stad (demo).' },
  employer: { slug: 'maasdal-techniek', name: 'Maasdal Techniek', kind: 'employer', description: 'Technisch bedrijf (demo).' },
  school: { slug: 'brabant-college', name: 'Brabant College', kind: 'school', description: 'Mbo-school (demo).' },
  events: { slug: 'oss-leert', name: 'Oss Leert Events', kind: 'event-organiser', description: 'Organisator van leerevenementen (demo).' },
} as const;

const PEOPLE: {
  key: string;
  name: string;
  email: string;
  role: string;
  org?: keyof typeof ORGANISATIONS;
  orgRole?: OrgRole;
  operator?: boolean;
}[] = [
  {
    key: 'operator',
    name: 'Olga Operator',
    email: 'operator@demo.vaardig.local',
    role: 'network operator',
    org: 'city',
    orgRole: 'owner',
    operator: true,
  },
  {
    key: 'employer',
    name: 'Erik Werkgever',
    email: 'employer@demo.vaardig.local',
    role: 'employer (issuer)',
    org: 'employer',
    orgRole: 'owner',
  },
  { key: 'teacher', name: 'Tessa Docent', email: 'school@demo.vaardig.local', role: 'school (issuer)', org: 'school', orgRole: 'owner' },
  {
    key: 'organiser',
    name: 'Omar Organisator',
    email: 'events@demo.vaardig.local',
    role: 'event organiser (facilitator)',
    org: 'events',
    orgRole: 'owner',
  },
  { key: 'analyst', name: 'Anouk Analist', email: 'analyst@demo.vaardig.local', role: 'analyst', org: 'city', orgRole: 'analyst' },
  { key: 'learner', name: 'Lars Leerling', email: 'learner@demo.vaardig.local', role: 'earner (student)' },
  { key: 'jobseeker', name: 'Jamila Werkzoekende', email: 'jobseeker@demo.vaardig.local', role: 'earner (job seeker)' },
];

/** The accounts module's demo: the people and organisations other modules hang their demo data on. */
export const demoNetwork: DemoNetworkSeeder = {
  async seed(ctx) {
    const anyone = await ctx.db.selectFrom('users').select('id').limit(1).executeTakeFirst();
    if (anyone) return null;
    const organisations = {} as DemoNetwork['organisations'];
    for (const [key, org] of Object.entries(ORGANISATIONS)) {
      organisations[key as keyof typeof ORGANISATIONS] = (await createOrganisation(ctx.db, { ...org, isDemo: true })).id;
    }
    const people: Record<string, string> = {};
    // One password hash for the one public demo password: seven would cost seven times the time and memory at start.
    const passwordHash = await hashPassword(PASSWORD);
    for (const p of PEOPLE) {
      const user = await createUser(ctx.db, {
        email: p.email,
        name: p.name,
        password: PASSWORD,
        passwordHash,
        emailConfirmed: true,
        isOperator: p.operator,
        isDemo: true,
      });
      people[p.key] = user.id;
      if (p.org && p.orgRole) await addMember(ctx.db, organisations[p.org], user.id, p.orgRole);
    }
    return {
      network: { operatorUserId: people.operator, organisations, people },
      accounts: PEOPLE.map((p) => ({ email: p.email, password: PASSWORD, role: p.role })),
    };
  },
  async present(ctx) {
    return Boolean(await ctx.db.selectFrom('organisations').select('id').where('is_demo', '=', true).limit(1).executeTakeFirst());
  },
};
