import { parseDocument } from 'htmlparser2';

/**
 * The few DOM shapes the module reads, over htmlparser2's tree (domhandler nodes): elements
 * (`tag`, and `script`/`style`, which htmlparser2 types apart), text and the rest.
 */
export type DomNode = ReturnType<typeof parseDocument>['children'][number];
export interface DomElement {
  type: string;
  name: string;
  attribs: Record<string, string>;
  children: DomNode[];
}

export function isElement(node: DomNode | DomElement): node is DomNode & DomElement {
  return node.type === 'tag' || node.type === 'script' || node.type === 'style';
}

export function isTextNode(node: DomNode): node is DomNode & { data: string } {
  return node.type === 'text';
}

export function childrenOf(node: DomNode): DomNode[] {
  return 'children' in node ? (node.children as DomNode[]) : [];
}

/** All text below a node, as it is (no layout). */
export function textOf(node: DomNode): string {
  if (node.type === 'text') return (node as { data: string }).data;
  return childrenOf(node).map(textOf).join('');
}

/** Every element below these nodes (depth first, document order) that passes `test`. */
export function findElements(nodes: DomNode[], test: (el: DomElement) => boolean): DomElement[] {
  const found: DomElement[] = [];
  const walk = (list: DomNode[]) => {
    for (const node of list) {
      if (isElement(node) && test(node)) found.push(node);
      walk(childrenOf(node));
    }
  };
  walk(nodes);
  return found;
}

export function parseHtml(html: string): DomNode[] {
  return parseDocument(html, { decodeEntities: true }).children;
}

/** XML (sitemaps, feeds): names kept as written, lower-cased for matching by the callers. */
export function parseXml(xml: string): DomNode[] {
  return parseDocument(xml, { xmlMode: true, decodeEntities: true }).children;
}
