import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Migration } from 'kysely';
import type { AppContext } from './context.ts';
import type { Authentication } from './http/auth.ts';
import { joinHtml, type SafeHtml } from './pages/safe-html.ts';
import type { CurrentUser } from './http/types.ts';
import type { RoutePolicies } from './http/policy.ts';

export type Locale = 'en' | 'nl';
export const LOCALES: readonly Locale[] = ['en', 'nl'];

/** Nested translation strings of one module, for one language. */
export interface Messages {
  [key: string]: string | Messages;
}

/** The people and organisations the demo seed made, for modules to hang their own demo data on. */
export interface DemoNetwork {
  operatorUserId: string;
  organisations: Record<'city' | 'employer' | 'school' | 'events', string>;
  people: Record<string, string>;
}

/** The sign-in details of the demo people, printed when the demo network is seeded. */
export interface DemoAccount {
  email: string;
  password: string;
  role: string;
}

/** Makes the demo's people and organisations (the accounts module), on which other modules hang theirs. */
export interface DemoNetworkSeeder {
  /** Seeds the people and organisations on an empty instance; null when the instance is not empty. */
  seed(ctx: AppContext): Promise<{ network: DemoNetwork; accounts: DemoAccount[] } | null>;
  /** Whether this instance holds the demo network. */
  present(ctx: AppContext): Promise<boolean>;
}

/** A link in the main navigation; `signedIn` and `operator` limit who sees it. */
export interface NavItem {
  href: string;
  /** An i18n key of the module. */
  label: string;
  signedIn?: boolean;
  operator?: boolean;
}

/**
 * One capability of the platform. Every module has the same shape (schema, service, routes, pages)
 * and plugs into the platform only through this description, so adding a module touches one list.
 */
export interface VaardigModule {
  /** Also the i18n namespace of its messages. */
  name: string;
  /**
   * The database tables this module owns (its `schema.ts` exports them as `tables`). No other
   * module names them in its SQL: it calls this module's `api.ts` instead (test/boundaries.test.ts).
   */
  tables?: readonly string[];
  /** Migrations by name; names sort into the order they run, so prefix them with the module's order. */
  migrations?: Record<string, Migration>;
  locales?: Record<Locale, Messages>;
  /** Registers the module's API routes and pages. */
  routes?: (app: FastifyInstance, ctx: AppContext) => Promise<void> | void;
  /**
   * Who may call each of the module's routes, by `'METHOD /url'` (src/platform/http/policy.ts);
   * test/platform/authorisation-matrix.test.ts calls every route as every role and fails for a route without one.
   */
  routePolicies?: RoutePolicies;
  /** Registers background job handlers. */
  jobs?: (ctx: AppContext) => Promise<void> | void;
  /**
   * Finds the person behind a request (the accounts module fills this: API token, session cookie).
   * Returns null when this module finds nobody; throws to refuse the request (e.g. a bad token).
   */
  authenticate?: (request: FastifyRequest, ctx: AppContext) => Promise<Authentication | null>;
  /** A signed-in person chose a language on the language switch: the module that keeps people saves it. */
  localeChosen?: (ctx: AppContext, user: CurrentUser, locale: Locale) => Promise<void>;
  /** Seeds the demo's people and organisations (one module, accounts); other modules use `seedDemo`. */
  demoNetwork?: DemoNetworkSeeder;
  /** Adds the module's part of the demo network on a fresh instance. */
  seedDemo?: (ctx: AppContext, demo: DemoNetwork) => Promise<void>;
  /** Links in the main navigation: label is an i18n key of this module. */
  nav?: NavItem[];
  /** `vaardig` commands by their first word (e.g. "skills", which handles "skills import-esco"). */
  cli?: Record<string, CliCommand>;
  /**
   * A section this module adds to a skill's page (e.g. the badges that carry the skill, the vacancies
   * that ask for it): rendered HTML branded with `safeHtml(<section>…</section>)`
   * (src/platform/pages/safe-html.ts), or `noHtml` for nothing. The skill page inserts it unescaped;
   * a plain string is escaped and shows as text. Sections of all modules are shown in module order
   * below the skill; each starts with its own h2. See docs/decisions/003.
   */
  skillSections?: SkillSection;
  /**
   * This module's panel on a signed-in person's home page (`/`): what they do here, for the
   * organisations they belong to (an issuer's badges and recent issues, the operator's network).
   * Rendered HTML branded with `safeHtml(<section class="panel">…</section>)`, each section
   * starting with its own h2, or `noHtml` when the module has nothing for this person. Panels show
   * in module order (a section with class `aside` after the others); one that throws is left out
   * and logged; a plain string is escaped and shows as text.
   */
  dashboard?: DashboardPanel;
  /**
   * Links this module adds to an organisation's page (e.g. the organisation's badges), for the
   * person looking at it; `role` is their role there (null for the operator who is no member).
   */
  organisationLinks?: OrganisationLinks;
  /**
   * The rows this module holds about a person, for "download everything" and "delete my account"
   * (the backpack runs both, docs/personal-data.md). Export runs in module order; erase in reverse,
   * so the module that keeps accounts removes the account last.
   */
  personalData?: PersonalDataHook;
  /**
   * A section this module adds where a thing of the credentials world is shown — an achievement
   * (the badge's page), an organisation as issuer (its page) or one credential (its public page),
   * e.g. the endorsements of it. Rendered HTML branded with `safeHtml(<section>…</section>)`, each
   * starting with its own h2, or `noHtml`; shown in module order by `subjectSections`
   * (src/platform/subjects.ts), a section that throws left out and logged. A credential's public
   * page is kept rendered for signed-out visitors while `public_pages_version` stands
   * (src/platform/http/page-cache.ts): the tables a section reads must raise it when they change
   * (a statement trigger that executes `public_pages_changed()`, as endorsements' do).
   */
  subjectSections?: SubjectSection;
  /**
   * Signed credentials that vouch for a subject (OB 3.0 EndorsementCredentials, still valid): the
   * credentials module carries those of an achievement in its `endorsement` when it issues.
   */
  endorsementsOf?: (ctx: AppContext, subject: Subject) => Promise<Record<string, unknown>[]>;
}

/** A thing other modules may add to or vouch for: an achievement, an issuer (organisation) or one credential, by its id. */
export interface Subject {
  kind: 'achievement' | 'issuer' | 'credential';
  id: string;
}

/** Renders one module's section about a subject for the person making the request. */
export type SubjectSection = (ctx: AppContext, subject: Subject, request: FastifyRequest) => Promise<SafeHtml> | SafeHtml;

/** The person whose data is exported or erased: the account and the addresses it confirmed. */
export interface DataSubject {
  userId: string;
  /** Normalised; only confirmed addresses (an unconfirmed one is not proven to be theirs). */
  emails: readonly string[];
}

export interface PersonalDataHook {
  /** The module's tables that hold rows about a person: the export names each, with its rows. */
  tables: readonly string[];
  /** Every row about the person, by table (secrets such as password and token hashes left out). */
  export(ctx: AppContext, subject: DataSubject): Promise<Record<string, unknown[]>>;
  /**
   * Removes the person's rows, or, where someone else keeps a right to the record (an issuer's
   * record of a credential it issued), records it as issued to `pseudonym` instead.
   */
  erase(ctx: AppContext, subject: DataSubject, pseudonym: string): Promise<void>;
}

/** Renders one module's panel of the signed-in home page for the person making the request. */
export type DashboardPanel = (ctx: AppContext, request: FastifyRequest) => Promise<SafeHtml> | SafeHtml;

/** A link on an organisation's page; `label` is already translated. */
export interface OrganisationLink {
  href: string;
  label: string;
}
export type OrganisationLinks = (
  ctx: AppContext,
  organisation: { id: string; slug: string; role: string | null },
  request: FastifyRequest,
) => Promise<OrganisationLink[]> | OrganisationLink[];

/** Renders one module's section of the skill page for the person making the request. */
export type SkillSection = (ctx: AppContext, skillId: string, request: FastifyRequest) => Promise<SafeHtml> | SafeHtml;

/** A `vaardig` subcommand. `run` returns the exit code, or -1 when it keeps running (serve). */
export interface CliCommand {
  summary: string;
  run(args: string[]): Promise<number>;
}

/** A piece of a module (e.g. the ESCO importer of the skills module), combined by `combineParts`. */
export type ModulePart = Omit<VaardigModule, 'name' | 'nav'>;

function mergeMessages(target: Messages, source: Messages, path: string): Messages {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    if (existing === undefined) target[key] = value;
    else if (typeof existing === 'object' && typeof value === 'object') mergeMessages(existing, value, `${path}.${key}`);
    else throw new Error(`Message key ${path}.${key} is defined twice`);
  }
  return target;
}

/** Merges records of several owners (modules or parts); a key two owners claim fails, naming both. */
export function mergeClaims<T>(what: string, owners: { owner: string; claims?: Record<string, T> }[]): Record<string, T> {
  const merged: Record<string, T> = {};
  const ownerOf: Record<string, string> = {};
  for (const { owner, claims } of owners) {
    for (const [key, value] of Object.entries(claims ?? {})) {
      if (Object.hasOwn(ownerOf, key)) throw new Error(`The ${what} "${key}" is claimed by both ${ownerOf[key]} and ${owner}`);
      ownerOf[key] = owner;
      merged[key] = value;
    }
  }
  return merged;
}

/**
 * Checks that the modules fit together before anything starts: one name each, and no migration
 * name, command word or table claimed by two modules (the error names both). Routes are checked
 * where they are registered (src/platform/http/module-routes.ts).
 */
export function checkModules(modules: VaardigModule[]): void {
  const asRecord = (keys: readonly string[] | undefined) => Object.fromEntries((keys ?? []).map((k) => [k, true]));
  mergeClaims(
    'module name',
    modules.map((m) => ({ owner: `module ${m.name}`, claims: { [m.name]: true } })),
  );
  mergeClaims(
    'migration name',
    modules.map((m) => ({ owner: `module ${m.name}`, claims: m.migrations })),
  );
  mergeClaims<unknown>('command word', [
    { owner: 'the platform', claims: { serve: true, db: true } },
    ...modules.map((m) => ({ owner: `module ${m.name}`, claims: m.cli })),
  ]);
  mergeClaims(
    'table',
    modules.map((m) => ({ owner: `module ${m.name}`, claims: asRecord(m.tables) })),
  );
}

/**
 * Builds a module from parts that each bring their own migrations, messages, routes, jobs and
 * commands, so that a large module is split into files with one job each.
 */
export function combineParts(name: string, nav: VaardigModule['nav'], parts: ModulePart[]): VaardigModule {
  const locales = { en: {}, nl: {} } as Record<Locale, Messages>;
  for (const part of parts) for (const lang of LOCALES) if (part.locales) mergeMessages(locales[lang], part.locales[lang], `${name}`);
  const owners = parts.map((part, i) => ({ part, owner: `part ${i + 1} of module ${name}` }));
  return {
    name,
    nav,
    tables: parts.some((p) => p.tables) ? parts.flatMap((p) => p.tables ?? []) : undefined,
    migrations: mergeClaims(
      'migration name',
      owners.map(({ part, owner }) => ({ owner, claims: part.migrations })),
    ),
    locales,
    routes: async (app, ctx) => {
      for (const part of parts) await part.routes?.(app, ctx);
    },
    routePolicies: mergeClaims(
      'route policy',
      owners.map(({ part, owner }) => ({ owner, claims: part.routePolicies })),
    ),
    jobs: async (ctx) => {
      for (const part of parts) await part.jobs?.(ctx);
    },
    seedDemo: async (ctx, demo) => {
      for (const part of parts) await part.seedDemo?.(ctx, demo);
    },
    cli: mergeClaims(
      'command word',
      owners.map(({ part, owner }) => ({ owner, claims: part.cli })),
    ),
    skillSections: parts.some((p) => p.skillSections)
      ? async (ctx, skillId, request) => {
          const sections: SafeHtml[] = [];
          for (const part of parts) if (part.skillSections) sections.push(await part.skillSections(ctx, skillId, request));
          return joinHtml(sections);
        }
      : undefined,
    dashboard: parts.some((p) => p.dashboard)
      ? async (ctx, request) => {
          const panels: SafeHtml[] = [];
          for (const part of parts) if (part.dashboard) panels.push(await part.dashboard(ctx, request));
          return joinHtml(panels);
        }
      : undefined,
    personalData: parts.some((p) => p.personalData)
      ? {
          tables: parts.flatMap((p) => p.personalData?.tables ?? []),
          export: async (ctx, subject) => {
            const out: Record<string, unknown[]> = {};
            for (const part of parts) if (part.personalData) Object.assign(out, await part.personalData.export(ctx, subject));
            return out;
          },
          erase: async (ctx, subject, pseudonym) => {
            for (const part of [...parts].reverse()) await part.personalData?.erase(ctx, subject, pseudonym);
          },
        }
      : undefined,
    subjectSections: parts.some((p) => p.subjectSections)
      ? async (ctx, subject, request) => {
          const sections: SafeHtml[] = [];
          for (const part of parts) if (part.subjectSections) sections.push(await part.subjectSections(ctx, subject, request));
          return joinHtml(sections);
        }
      : undefined,
    endorsementsOf: parts.some((p) => p.endorsementsOf)
      ? async (ctx, subject) => {
          const out: Record<string, unknown>[] = [];
          for (const part of parts) if (part.endorsementsOf) out.push(...(await part.endorsementsOf(ctx, subject)));
          return out;
        }
      : undefined,
    organisationLinks: parts.some((p) => p.organisationLinks)
      ? async (ctx, organisation, request) => {
          const links: OrganisationLink[] = [];
          for (const part of parts) if (part.organisationLinks) links.push(...(await part.organisationLinks(ctx, organisation, request)));
          return links;
        }
      : undefined,
  };
}
