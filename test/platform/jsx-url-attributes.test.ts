// @kitajs/html escapes quotes in attribute values, but not an address's scheme: a `javascript:`,
// `data:` or `vbscript:` address from a pasted credential, a crawled vacancy or an organisation's
// website runs when the link is followed. Every href/src/action/formaction whose value is read from
// a record (a property, like `organisation.website` or `s.targetUrl`) goes through webUrl, linkUrl
// or imageUrl (src/platform/pages/urls.ts), or is one of the addresses this instance builds itself,
// listed below with where it is made. Anything else is named with file and line.
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { expect, test } from 'vitest';
import { projectRoot, tsxFiles } from '../helpers/pages.ts';
import { imageUrl, linkUrl, webUrl } from '../../src/platform/pages/urls.ts';

const root = projectRoot;

const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'formAction', 'poster', 'hx-get', 'hx-post']);
const SAFE_CALLS = new Set(['webUrl', 'linkUrl', 'imageUrl']);

/**
 * Properties that hold an address this instance made (a path on this site, or its own base URL
 * followed by a path), not one taken from outside.
 */
const BUILT_HERE = new Set([
  'href', // view models: `/…` paths built by the module (links, nav, search hits, timeline entries)
  'credentialUrl', // an issued credential's page on this instance (credentials: `${baseUrl}/credentials/<id>`)
  'publicUrl', // a backpack item's page at this instance's issuer (issued.url)
  'url', // checked one by one below
]);

/** `x.url` that is built here (file: expression). */
const URL_BUILT_HERE = new Set([
  'src/credentials/issuing/pages/issuer.tsx: c.url', // a claim code's link, `${baseUrl}/claim/<code>`
]);

function isSafe(expression: ts.Expression, file: string): boolean {
  let e = expression;
  while (ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e)) e = e.expression;
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)
    return isSafe(e.left, file) && isSafe(e.right, file);
  if (ts.isConditionalExpression(e)) return isSafe(e.whenTrue, file) && isSafe(e.whenFalse, file);
  if (ts.isCallExpression(e)) {
    const callee = e.expression;
    if (ts.isIdentifier(callee) && SAFE_CALLS.has(callee.text)) return true;
    // String(record.id) is the record's value; other calls build an address here (programmePath(id), linkedInUrl(…)).
    if (ts.isIdentifier(callee) && callee.text === 'String' && e.arguments[0]) return isSafe(e.arguments[0], file);
    return true;
  }
  if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) return isBuiltHere(e, file);
  // A name (a path or address the page made) or a template (`/x/${id}`, `${base}/…`).
  return true;
}

function isBuiltHere(e: ts.Expression, file: string): boolean {
  if (!ts.isPropertyAccessExpression(e)) return false;
  const name = e.name.text;
  if (name === 'url') return URL_BUILT_HERE.has(`${file}: ${e.getText()}`);
  return BUILT_HERE.has(name);
}

function unsafeUrls(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const name = relative(root, file);
  const problems: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isJsxAttribute(node) && URL_ATTRIBUTES.has(node.name.getText()) && node.initializer && ts.isJsxExpression(node.initializer)) {
      const expression = node.initializer.expression;
      if (expression && !isSafe(expression, name)) {
        const { line } = source.getLineAndCharacterOfPosition(expression.getStart());
        problems.push(`${name}:${line + 1}: ${node.name.getText()}={${expression.getText()}}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return problems;
}

test('webUrl, linkUrl and imageUrl keep http(s) (and paths on this site, and image data) and drop other schemes', () => {
  for (const bad of [
    'javascript:alert(1)',
    ' JavaScript:alert(1)',
    'java\tscript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'not a url',
  ]) {
    expect(webUrl(bad), bad).toBeNull();
    expect(linkUrl(bad), bad).toBeNull();
    expect(imageUrl(bad), bad).toBeNull();
  }
  expect(webUrl('https://example.org/a?b=1')).toBe('https://example.org/a?b=1');
  expect(webUrl('/skills/1')).toBeNull();
  expect(linkUrl('/skills/1')).toBe('/skills/1');
  expect(linkUrl('//evil.example/x')).toBeNull();
  expect(linkUrl('/\\evil.example/x')).toBeNull();
  expect(linkUrl('/\t/evil.example/x')).toBeNull();
  expect(imageUrl('data:image/png;base64,iVBORw0KGgo=')).toBe('data:image/png;base64,iVBORw0KGgo=');
  expect(imageUrl('data:image/svg+xml,<svg onload=alert(1)>')).toBeNull();
});

test('the check finds a record’s address put into href or src as it is, and passes a checked one', () => {
  const probe = join(root, 'test/fixtures/jsx-templates/url-probe.tsx.txt');
  expect(unsafeUrls(probe)).toEqual([
    'test/fixtures/jsx-templates/url-probe.tsx.txt:5: href={organisation.website}',
    'test/fixtures/jsx-templates/url-probe.tsx.txt:6: src={badge.image.id}',
    'test/fixtures/jsx-templates/url-probe.tsx.txt:7: href={s.url}',
  ]);
});

test('no page puts an address read from a record into href, src or action without webUrl, linkUrl or imageUrl', () => {
  const problems = tsxFiles(join(root, 'src')).flatMap(unsafeUrls);
  expect(problems).toEqual([]);
});
