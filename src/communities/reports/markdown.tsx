import { escapeHtml } from '../../platform/pages/escape.ts';

/**
 * A report's Markdown as HTML: the small part of Markdown the drafts use and facilitators type —
 * headings (#, ##, ###; shown one level down, under the page's h1), lists (- or *), paragraphs,
 * **bold**. Everything is escaped: no HTML of the writer's reaches the page.
 */
export function Markdown({ text }: { text: string }) {
  const blocks: JSX.Element[] = [];
  let paragraph: string[] = [];
  let list: string[] = [];
  const flush = () => {
    if (paragraph.length)
      blocks.push(
        <p>
          <Inline text={paragraph.join(' ')} />
        </p>,
      );
    if (list.length)
      blocks.push(
        <ul>
          {list.map((item) => (
            <li>
              <Inline text={item} />
            </li>
          ))}
        </ul>,
      );
    paragraph = [];
    list = [];
  };
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trimEnd();
    const heading = /^(#{1,3})\s+(.*)$/.exec(line);
    const item = /^\s*[-*]\s+(.*)$/.exec(line);
    if (heading) {
      flush();
      const level = heading[1].length;
      const content = <Inline text={heading[2]} />;
      blocks.push(level === 1 ? <h2>{content}</h2> : level === 2 ? <h3>{content}</h3> : <h4>{content}</h4>);
    } else if (item) {
      if (paragraph.length) flush();
      list.push(item[1]);
    } else if (!line.trim()) flush();
    else {
      if (list.length) flush();
      paragraph.push(line.trim());
    }
  }
  flush();
  return <>{blocks}</>;
}

/** Escaped text with **bold** as <strong>. */
function Inline({ text }: { text: string }) {
  return (
    <>
      {text
        .split(/(\*\*[^*]+\*\*)/)
        .map((part) => (/^\*\*[^*]+\*\*$/.test(part) ? <strong>{escapeHtml(part.slice(2, -2))}</strong> : escapeHtml(part)))}
    </>
  );
}

/** One line of Markdown list text: newlines folded, a leading marker that would start a heading or list escaped. */
export function mdLine(text: string): string {
  return text
    .replace(/\s*\n\s*/g, ' ')
    .trim()
    .replace(/^([#*-])/, '\\$1');
}

/** A paragraph block of Markdown: lines kept, a heading or list marker at a line's start escaped. */
export function mdBlock(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.replace(/^(\s*)([#*-])/, '$1\\$2'))
    .join('\n')
    .trim();
}
