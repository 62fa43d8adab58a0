import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { modules } from '../../src/modules.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { type RunningServer, startServer } from '../../src/platform/server.ts';
import type { TestSmtpServer } from './smtp.ts';
import { tempDir } from './temp.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const AXE_SCRIPT = resolve(import.meta.dirname, '../../node_modules/axe-core/axe.min.js');

/** A port nobody listens on right now (so BASE_URL can name it before the server starts). */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolvePort(port));
    });
  });
}

export interface TestServer extends RunningServer {
  /** The origin the browser uses, equal to the server's BASE_URL. */
  url: string;
  home: string;
}

/**
 * A real Vaardig server in this process, as `vaardig serve --no-demo` would start it: a fresh
 * VAARDIG_HOME (so a fresh embedded database, its own instance secret), listening on 127.0.0.1,
 * sending mail over SMTP to the given test server.
 */
export async function startTestServer(options: { smtp?: TestSmtpServer; env?: Record<string, string> } = {}): Promise<TestServer> {
  const port = await freePort();
  const home = tempDir('e2e');
  const url = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {
    PORT: String(port),
    HOST: '127.0.0.1',
    BASE_URL: url,
    VAARDIG_HOME: home,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    ...(options.smtp ? { SMTP_HOST: options.smtp.host, SMTP_PORT: String(options.smtp.port), SMTP_SECURE: 'false' } : {}),
    MAIL_FROM: 'Vaardig test <vaardig@127.0.0.1>',
    ...options.env,
  };
  const server = await startServer(loadConfig(env, { demo: false }), modules);
  const stop = server.stop;
  return {
    ...server,
    url,
    home,
    async stop() {
      await stop();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/**
 * Debian's Chromium, headless. `chromium.launch` gives every launch a fresh temporary profile
 * (Playwright makes the user-data-dir and deletes it on close; it refuses a --user-data-dir in args),
 * and each `newContext` is an independent, incognito-like session: cookies are not shared.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * A new person at the keyboard, on a phone-sized screen (390 px wide), so every page the tests visit
 * is used and checked at that width. bypassCSP lets the test inject axe-core; the app's CSP forbids
 * inline scripts.
 */
export function newPerson(browser: Browser, baseURL: string, locale: 'en-GB' | 'nl-NL' = 'en-GB'): Promise<BrowserContext> {
  return browser.newContext({
    baseURL,
    viewport: { width: PHONE_WIDTH, height: 844 },
    bypassCSP: true,
    locale,
    extraHTTPHeaders: { 'accept-language': locale === 'nl-NL' ? 'nl-NL,nl;q=0.9' : 'en-GB,en;q=0.9' },
  });
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/** Runs axe-core on the page and fails on any serious or critical violation, naming rule, help and elements. */
export async function checkA11y(page: Page, label = page.url()): Promise<void> {
  const hasAxe = await page.evaluate(() => typeof (globalThis as { axe?: unknown }).axe !== 'undefined');
  if (!hasAxe) await page.addScriptTag({ path: AXE_SCRIPT });
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: AxeViolation[] }> } })
      .axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  });
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length > 0) {
    const lines = bad.map(
      (v) =>
        `  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n` +
        v.nodes
          .slice(0, 5)
          .map((n) => `      at ${JSON.stringify(n.target)}${n.failureSummary ? ` — ${n.failureSummary.replace(/\s+/g, ' ')}` : ''}`)
          .join('\n'),
    );
    throw new Error(`axe-core found ${bad.length} serious/critical accessibility violation(s) on ${label}:\n${lines.join('\n')}`);
  }
}

function flatten(prefix: string, value: unknown, out: string[]): void {
  if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) flatten(prefix ? `${prefix}.${key}` : key, inner, out);
  } else {
    out.push(prefix);
  }
}

/** Every message key of every module, as `namespace:key.path`. */
export function messageKeys(lang: 'en' | 'nl' = 'en'): string[] {
  const keys: string[] = [];
  for (const module of modules) {
    const messages = module.locales?.[lang];
    if (!messages) continue;
    const inModule: string[] = [];
    flatten('', messages, inModule);
    keys.push(...inModule.map((k) => `${module.name}:${k}`));
  }
  return keys;
}

const NAMESPACES = modules.filter((m) => m.locales).map((m) => m.name);
// Every key path, and the base of each plural form (`kind.attended` of `kind.attended_one`): what
// i18next shows when asked for a plural key without a number.
const KEY_PATHS = new Set(
  messageKeys('en').flatMap((k) => {
    const path = k.slice(k.indexOf(':') + 1);
    const base = path.replace(/_(zero|one|two|few|many|other)$/, '');
    return base === path ? [path] : [path, base];
  }),
);
const namespaced = new RegExp(`\\b(?:${NAMESPACES.join('|')}):[A-Za-z][\\w-]*(?:\\.[\\w-]+)*`, 'g');

/**
 * Fails when the page shows a message key instead of its text: `accounts:signup.title`, or a bare
 * key such as `signup.title` (what i18next returns for a key missing in every language), or an
 * unfilled `{{placeholder}}`. Also checks that the page says which language it is in.
 */
export async function checkTranslated(page: Page, lang: 'en' | 'nl', label = page.url()): Promise<void> {
  const htmlLang = await page.getAttribute('html', 'lang');
  if (htmlLang !== lang) throw new Error(`${label}: <html lang> is "${htmlLang}", expected "${lang}"`);
  const texts = await page.evaluate(() => {
    const attributes = [...document.querySelectorAll('[placeholder],[aria-label],[title],[alt],input[type=submit][value]')].flatMap((el) =>
      ['placeholder', 'aria-label', 'title', 'alt', 'value'].map((a) =>
        a === 'value' && el.getAttribute('type') !== 'submit' ? '' : (el.getAttribute(a) ?? ''),
      ),
    );
    // innerText, not textContent: the text as shown, with line breaks between blocks, so words stay apart.
    // biome-ignore lint/performance/useDomNodeTextContent: see above
    return [document.title, document.body.innerText, ...attributes].join('\n');
  });
  const problems = new Set<string>();
  for (const match of texts.matchAll(namespaced)) problems.add(match[0]);
  for (const word of texts.split(/[\s"'()[\],;!?]+/)) {
    const bare = word.replace(/[.:]+$/, '');
    if (bare.includes('.') && KEY_PATHS.has(bare)) problems.add(bare);
  }
  for (const match of texts.matchAll(/\{\{[^}]*\}\}/g)) problems.add(match[0]);
  if (problems.size > 0) throw new Error(`${label} [${lang}] shows untranslated message keys: ${[...problems].join(', ')}`);
}

/** Which language the page is in, from <html lang>. */
export async function pageLang(page: Page): Promise<'en' | 'nl'> {
  const lang = await page.getAttribute('html', 'lang');
  if (lang !== 'en' && lang !== 'nl') throw new Error(`${page.url()}: unexpected <html lang="${lang}">`);
  return lang;
}

/**
 * Opens the header's menu when it is folded behind the Menu button (on a phone), as a person would
 * before following a link of the header; on a wide screen the links are in view already.
 */
export async function openMenu(page: Page): Promise<void> {
  const toggle = page.locator('header .menu-toggle');
  if ((await toggle.isVisible()) && (await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
}

/**
 * Clicks what submits or navigates, waits for the page it leads to (past redirects), checks that
 * page (axe, translation, width); returns its status.
 */
export async function go(page: Page, click: Locator, label = 'after a click'): Promise<number> {
  const [response] = await Promise.all([
    page.waitForResponse(
      (r) => r.request().isNavigationRequest() && r.request().frame() === page.mainFrame() && ![301, 302, 303].includes(r.status()),
    ),
    page.waitForEvent('load'),
    click.click(),
  ]);
  await checkPage(page, `${new URL(page.url()).pathname} (${label})`);
  return response.status();
}

/** Signs in on /signin as a person does (the form filled and sent); fails unless the page after it answers 200. */
export async function signIn(page: Page, who: { email: string; password: string }): Promise<void> {
  await visit(page, '/signin');
  const form = page.locator('main form[action^="/signin"]');
  await form.locator('[name="email"]').fill(who.email);
  await form.locator('[name="password"]').fill(who.password);
  const status = await go(page, form.locator('button[type="submit"]'));
  if (status !== 200) throw new Error(`Signing in as ${who.email} answered ${status}, expected 200`);
}

/** Fills a form's fields (text or select) and submits it with `button` or its first submit button, as `go` does. */
export async function submit(page: Page, form: Locator, values: Record<string, string> = {}, button?: Locator): Promise<number> {
  for (const [name, value] of Object.entries(values)) {
    const field = form.locator(`[name="${name}"]`);
    if ((await field.evaluate((el) => el.tagName)) === 'SELECT') await field.selectOption(value);
    else await field.fill(value);
  }
  return go(page, button ?? form.locator('button[type="submit"]').first(), 'after submitting a form');
}

/** The phone width every visited page must fit without scrolling sideways. */
export const PHONE_WIDTH = 390;

/**
 * Fails when the page scrolls sideways at `width` CSS pixels (a phone): the document's scrollWidth
 * must not exceed its visible width. The viewport is narrowed for the check and put back after it.
 * The message names the innermost elements that stick out (outside any element that scrolls on its
 * own, such as a table's scroll wrapper), so the stylesheet fix is easy to find.
 */
export async function checkFitsWidth(page: Page, label = page.url(), width = PHONE_WIDTH): Promise<void> {
  const before = page.viewportSize();
  if (before?.width !== width) await page.setViewportSize({ width, height: before?.height ?? 800 });
  try {
    const found = await page.evaluate(() => {
      const root = document.documentElement;
      const visible = root.clientWidth;
      if (root.scrollWidth <= visible) return null;
      const scrollsOnItsOwn = (el: Element) => {
        for (let at = el.parentElement; at && at !== document.body; at = at.parentElement) {
          if (['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(at).overflowX)) return true;
        }
        return false;
      };
      const wide = [...document.body.querySelectorAll('*')].filter((el) => {
        const box = el.getBoundingClientRect();
        return box.width > 0 && box.right > visible + 0.5 && !scrollsOnItsOwn(el);
      });
      const innermost = wide.filter((el) => !wide.some((other) => other !== el && el.contains(other)));
      const describe = (el: Element) => {
        const path: string[] = [];
        for (let at: Element | null = el; at && at !== document.body && path.length < 4; at = at.parentElement) {
          const classes = [...at.classList]
            .slice(0, 2)
            .map((c) => `.${c}`)
            .join('');
          path.unshift(`${at.tagName.toLowerCase()}${at.id ? `#${at.id}` : ''}${classes}`);
        }
        const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
        return `${path.join(' > ')} (right edge ${Math.round(el.getBoundingClientRect().right)} px${text ? `, "${text}"` : ''})`;
      };
      return { scrollWidth: root.scrollWidth, visible, culprits: innermost.slice(0, 8).map(describe) };
    });
    if (found) {
      throw new Error(
        `${label} scrolls sideways at ${width} px: the page is ${found.scrollWidth} px wide, ${found.visible} px visible. Sticking out:\n  ${found.culprits.join('\n  ')}`,
      );
    }
  } finally {
    if (before && before.width !== width) await page.setViewportSize(before);
  }
}

/** Every check a visited page must pass: accessible (axe-core), fully translated, and no sideways scrolling on a phone. */
export async function checkPage(page: Page, label = page.url()): Promise<void> {
  const lang = await pageLang(page);
  await checkTranslated(page, lang, label);
  await checkA11y(page, `${label} [${lang}]`);
  await checkFitsWidth(page, `${label} [${lang}]`);
}

/**
 * Goes to a path, expects the status (200 unless told otherwise) and runs every page check.
 * Returns the page's path after redirects.
 */
export async function visit(page: Page, path: string, expectStatus = 200): Promise<string> {
  const response = await page.goto(path);
  if (!response) throw new Error(`No response for ${path}`);
  if (response.status() !== expectStatus) {
    throw new Error(
      `${path} answered ${response.status()}, expected ${expectStatus}: ${(await page.textContent('main').catch(() => ''))?.slice(0, 300)}`,
    );
  }
  await checkPage(page, path);
  return new URL(page.url()).pathname;
}
