// The kitajs xss-scan (npm run lint) lets a template literal through as a page's text: TypeScript
// types `${name} ` as a template-literal type, not as a string, and the scan only distrusts strings.
// Two pages put a credential's issuer name and a claim link's label into the page that way,
// unescaped. This test closes the gap: in a JSX child (text between tags, not an attribute, which
// @kitajs/html escapes itself), every value put into a template literal must go through escapeHtml,
// or be a number, or a call that formats a date or number. Anything else is named with file and line.
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { expect, test } from 'vitest';
import { projectRoot, tsxFiles } from '../helpers/pages.ts';

const root = projectRoot;

/** Calls whose result is safe text: escaping, and formatting of numbers and dates (digits, letters, punctuation). */
const SAFE_CALLS = /^(escapeHtml|date|formatDate|formatNumber|formatDateTime|number|percent)$/;

function isSafe(expression: ts.Expression): boolean {
  let e = expression;
  while (ts.isParenthesizedExpression(e)) e = e.expression;
  if (ts.isNumericLiteral(e) || ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return true;
  if (ts.isCallExpression(e)) {
    const callee = e.expression;
    const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
    return SAFE_CALLS.test(name) || name === 'toFixed' || name === 'toLocaleString';
  }
  if (ts.isConditionalExpression(e)) return isSafe(e.whenTrue) && isSafe(e.whenFalse);
  if (ts.isTemplateExpression(e)) return e.templateSpans.every((span) => isSafe(span.expression));
  return false;
}

/** The template literals a JSX child puts into the page as it is (through ?:, && and ||, not inside calls). */
function templatesOf(expression: ts.Expression | undefined, found: ts.TemplateExpression[]): void {
  if (!expression) return;
  if (ts.isParenthesizedExpression(expression)) templatesOf(expression.expression, found);
  else if (ts.isConditionalExpression(expression)) {
    templatesOf(expression.whenTrue, found);
    templatesOf(expression.whenFalse, found);
  } else if (ts.isBinaryExpression(expression)) {
    templatesOf(expression.left, found);
    templatesOf(expression.right, found);
  } else if (ts.isTemplateExpression(expression)) found.push(expression);
}

function unescapedTemplates(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const problems: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isJsxExpression(node) && (ts.isJsxElement(node.parent) || ts.isJsxFragment(node.parent))) {
      const found: ts.TemplateExpression[] = [];
      templatesOf(node.expression, found);
      for (const template of found)
        for (const span of template.templateSpans)
          if (!isSafe(span.expression)) {
            const { line } = source.getLineAndCharacterOfPosition(span.expression.getStart());
            problems.push(`${relative(root, file)}:${line + 1}: ${span.expression.getText()}`);
          }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return problems;
}

test('the check finds an unescaped value in a template literal between tags, and passes an escaped one', () => {
  const probe = join(root, 'test/fixtures/jsx-templates/probe.tsx.txt');
  expect(unescapedTemplates(probe)).toEqual([
    'test/fixtures/jsx-templates/probe.tsx.txt:5: name',
    'test/fixtures/jsx-templates/probe.tsx.txt:6: label',
  ]);
});

test('no page puts a value into a template literal between tags without escaping it', () => {
  const problems = tsxFiles(join(root, 'src')).flatMap(unescapedTemplates);
  expect(problems).toEqual([]);
});
