/**
 * A description rendered as Markdown (see markdown.ts: no raw HTML, no images, links only
 * http(s)). Its link buttons open the usual confirmation; its citation buttons move to the
 * external reference they name.
 */
import { useMemo, useState, type MouseEvent } from 'react';
import { LinkConfirm } from './external-link';
import { renderMarkdown } from './markdown';

/** The description; `refId(i)` is the element id of external reference `i`. */
export function MarkdownText({
  text,
  sources,
  refId,
}: {
  text: string;
  sources: readonly (string | undefined)[];
  refId: (i: number) => string;
}) {
  const html = useMemo(() => renderMarkdown(text, sources), [text, sources]);
  const [url, setUrl] = useState<string | null>(null);
  const onClick = (e: MouseEvent<HTMLDivElement>): void => {
    const button = (e.target as HTMLElement).closest('button');
    if (!button) return;
    const href = button.getAttribute('data-href');
    const cite = button.getAttribute('data-cite');
    if (href !== null) setUrl(href);
    else if (cite !== null) {
      const target = document.getElementById(refId(Number(cite)));
      target?.scrollIntoView({ block: 'nearest' });
      target?.focus();
    }
  };
  return (
    <>
      {/* markdown-it output with html disabled: every character of the data is escaped text. */}
      <div
        className="description markdown"
        data-testid="description"
        onClick={onClick}
        dangerouslySetInnerHTML={{ __html: html }}
      />
      <LinkConfirm url={url} onClose={() => setUrl(null)} />
    </>
  );
}
