// The kitajs xss-scan (npm run lint) checks only the false branch of a conditional between tags: its
// getNodeExpressions returns [whenFalse, whenFalse] for `c ? a : b`, so `{c ? user.name : ''}` passed
// unescaped (an organisation's name on skill and collection pages did). This test looks at every
// value a page puts between tags through ?:, &&, || and ??, with the types TypeScript gives them, as
// the scan does for the rest: a string (or any) must go through escapeHtml or insertHtml. JSX,
// numbers, literals and JSX.Element values pass; template literals are jsx-template-escaping.test.ts's.
import { join, relative } from 'node:path';
import ts from 'typescript';
import { expect, test } from 'vitest';

const root = join(import.meta.dirname, '../..');
const probe = join(root, 'test/fixtures/jsx-templates/conditional-probe.tsx');

const config = ts.parseJsonConfigFileContent(ts.readConfigFile(join(root, 'tsconfig.json'), ts.sys.readFile).config, ts.sys, root);
const program = ts.createProgram({
  rootNames: [...config.fileNames.filter((f) => f.endsWith('.tsx') && f.startsWith(join(root, 'src/'))), probe],
  options: { ...config.options, noEmit: true },
});
const checker = program.getTypeChecker();

/** Escaping calls, as the scan knows them (its ESCAPE_HTML_REGEX), SafeHtml's insert, and JSON made safe for a <script>. */
const ESCAPED = /^(\w+\.)?(escapeHtml|e\s*`|escape|insertHtml|scriptJson)\b/i;

function unsafeType(type: ts.Type | undefined): boolean {
  if (!type) return false;
  if (type.flags & ts.TypeFlags.Any) return true;
  const alias = type.aliasSymbol?.escapedName;
  if (alias === 'Element' || alias === 'Children') return false;
  if (type.isUnionOrIntersection()) return type.types.some(unsafeType);
  if (checker.isArrayType(type) || type.symbol?.escapedName === 'Promise')
    return unsafeType((type as ts.TypeReference).typeArguments?.[0] ?? checker.getTypeArguments(type as ts.TypeReference)[0]);
  if (type.flags & ts.TypeFlags.StringLiteral) return false;
  return !!(type.flags & (ts.TypeFlags.String | ts.TypeFlags.Object));
}

/** What a child expression can put into the page: both branches of ?:, both sides of && || ??. */
function leaves(expression: ts.Expression): ts.Expression[] {
  let e = expression;
  while (ts.isParenthesizedExpression(e)) e = e.expression;
  if (ts.isConditionalExpression(e)) return [...leaves(e.whenTrue), ...leaves(e.whenFalse)];
  const logical = [ts.SyntaxKind.AmpersandAmpersandToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken];
  if (ts.isBinaryExpression(e) && logical.includes(e.operatorToken.kind)) return [...leaves(e.left), ...leaves(e.right)];
  return [e];
}

const isJsx = (n: ts.Node) => ts.isJsxElement(n) || ts.isJsxSelfClosingElement(n) || ts.isJsxFragment(n);

function unescaped(file: string): string[] {
  const source = program.getSourceFile(file);
  if (!source) throw new Error(`not in the program: ${file}`);
  const problems: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isJsxExpression(node) && node.expression && (ts.isJsxElement(node.parent) || ts.isJsxFragment(node.parent))) {
      for (const e of leaves(node.expression)) {
        if (isJsx(e) || ts.isTemplateExpression(e) || ESCAPED.test(e.getText()) || e.getText().startsWith('safe')) continue;
        // A call that holds JSX (items.map((x) => <li>…</li>)): its elements are looked at where they are.
        if (
          ts.isCallExpression(e) &&
          e.arguments.some((a) => (ts.isArrowFunction(a) || ts.isFunctionExpression(a)) && a.body && containsJsx(a.body))
        )
          continue;
        if (unsafeType(checker.getTypeAtLocation(e))) {
          const { line } = source.getLineAndCharacterOfPosition(e.getStart());
          problems.push(`${relative(root, file)}:${line + 1}: ${e.getText().split('\n')[0]}`);
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return problems;
}

/**
 * Component props typed JSX.Element or Html.Children are inserted as they are (the scan trusts that
 * type), and the scan does not look at what a component's attributes are given: a string passed there
 * goes into the page unescaped.
 */
function markupProps(file: string): string[] {
  const source = program.getSourceFile(file);
  if (!source) throw new Error(`not in the program: ${file}`);
  const isMarkupType = (t: ts.Type | undefined): boolean =>
    !!t &&
    (t.aliasSymbol?.escapedName === 'Element' || t.aliasSymbol?.escapedName === 'Children' || (t.isUnion() && t.types.some(isMarkupType)));
  const problems: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isJsxAttribute(node) && node.initializer && ts.isJsxExpression(node.initializer) && node.initializer.expression) {
      const tag = node.parent.parent.tagName.getText();
      if (/^[A-Z]/.test(tag) && isMarkupType(checker.getContextualType(node.initializer.expression)))
        for (const e of leaves(node.initializer.expression)) {
          if (isJsx(e) || ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e) || ESCAPED.test(e.getText())) continue;
          const { line } = source.getLineAndCharacterOfPosition(e.getStart());
          problems.push(`${relative(root, file)}:${line + 1}: <${tag} ${node.name.getText()}={${e.getText().split('\n')[0]}}>`);
        }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return problems;
}

function containsJsx(node: ts.Node): boolean {
  return isJsx(node) || !!ts.forEachChild(node, (child) => (containsJsx(child) ? true : undefined));
}

test('the check finds a string put in unescaped in a conditional’s true branch, and passes escaped ones', () => {
  expect(unescaped(probe)).toEqual([
    'test/fixtures/jsx-templates/conditional-probe.tsx:9: name',
    'test/fixtures/jsx-templates/conditional-probe.tsx:10: label',
  ]);
});

test('no page puts a string between tags through ?:, &&, || or ?? without escaping it', () => {
  const pages = program.getRootFileNames().filter((f) => f !== probe);
  expect(pages.length).toBeGreaterThan(100);
  expect(pages.flatMap(unescaped)).toEqual([]);
});

test('the prop check finds a value given to a component prop typed as markup', () => {
  expect(markupProps(probe)).toEqual(['test/fixtures/jsx-templates/conditional-probe.tsx:20: <Box body={name}>']);
});

test('no page gives a component prop typed JSX.Element or Children anything but JSX or escaped text (SafeHtml goes through insertHtml)', () => {
  const pages = program.getRootFileNames().filter((f) => f !== probe);
  expect(pages.flatMap(markupProps)).toEqual([]);
});
