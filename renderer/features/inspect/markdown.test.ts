import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown';

describe('descriptions as Markdown', () => {
  it('renders emphasis, lists and code, and keeps raw HTML as text', () => {
    const html = renderMarkdown(
      '**bold** and `code`\n\n* one\n* two\n\n<script>alert(1)</script>',
      [],
    );
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('<code>code</code>');
    expect(html).toContain('<li>one</li>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script');
  });

  it('makes http(s) links buttons naming their address, and nothing else a link', () => {
    const html = renderMarkdown(
      '[ok](https://attack.mitre.org/) [js](javascript:alert(1)) [data](data:text/html,x) <http://example.org/a"b> ![img](https://example.org/i.png)',
      [],
    );
    expect(html).toContain(
      '<button type="button" class="link md-link" data-href="https://attack.mitre.org/"',
    );
    expect(html).not.toMatch(/<a |<img| href=/);
    expect(html).not.toContain('data-href="javascript');
    expect(html).not.toContain('data-href="data:');
    expect(html).toContain('data-href="http://example.org/a%22b"');
    expect(html).toContain('!<button');
  });

  it('links MITRE citations to the external reference they name', () => {
    const html = renderMarkdown('Blocks commands. (Citation: Zhu 2011) (Citation: Unknown)', [
      'mitre-attack',
      'Zhu 2011',
    ]);
    expect(html).toContain('data-cite="1"');
    expect(html).toContain('[2]</button>');
    expect(html).toContain('(Citation: Unknown)');
  });

  it('ignores citation markers smuggled into the text', () => {
    const html = renderMarkdown('\uE0000\uE001 text', ['x']);
    expect(html).not.toContain('data-cite');
  });
});
