/**
 * Descriptions as Markdown (CommonMark via markdown-it), rendered inert: raw HTML is off (shown
 * as text), images are off (no request leaves the app), and a link becomes a button that names
 * its address (`data-href`), only for http(s) addresses; the page opens it through the usual
 * confirmation. MITRE's `(Citation: Source Name)` becomes a numbered button pointing at the
 * external reference whose `source_name` it names.
 */
import MarkdownIt from 'markdown-it';

const md = new MarkdownIt({ html: false, linkify: false, typographer: false });
// Images would fetch their source: `![alt](url)` reads as "!" and a link instead.
md.disable('image');
md.validateLink = (url: string): boolean => /^https?:\/\//i.test(url.trim());
md.renderer.rules.link_open = (tokens, idx) => {
  const href = String(tokens[idx]?.attrGet('href') ?? '');
  return `<button type="button" class="link md-link" data-href="${md.utils.escapeHtml(href)}" title="${md.utils.escapeHtml(href)}">`;
};
md.renderer.rules.link_close = () => '</button>';

// Private-use characters mark citations through the renderer (stripped from the input first).
const OPEN = '\uE000';
const CLOSE = '\uE001';
const CITATION = /\(Citation: ([^)]{1,300})\)/g;
const MARK = new RegExp(`${OPEN}(\\d+)${CLOSE}`, 'g');

/** The HTML of `text`; `sources` are the external references' `source_name`s, in order. */
export function renderMarkdown(text: string, sources: readonly (string | undefined)[]): string {
  const clean = text.replace(/[\uE000\uE001]/g, '');
  const cited = clean.replace(CITATION, (whole, name: string) => {
    const i = sources.findIndex((s) => s === name.trim());
    return i < 0 ? whole : `${OPEN}${i}${CLOSE}`;
  });
  return md.render(cited).replace(MARK, (_, i: string) => {
    const n = Number(i);
    const name = md.utils.escapeHtml(sources[n] ?? '');
    return `<button type="button" class="link cite" data-cite="${n}" title="${name}" aria-label="Citation: ${name}">[${n + 1}]</button>`;
  });
}
