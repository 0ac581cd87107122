import { describe, expect, it } from '@jest/globals';
import { sanitizeHtml } from './sanitize-html.js';

const policy = {
  tags: { p: [], a: ['href'], strong: [], ul: [], li: [], br: [] },
  attributeValues: { href: (value: string) => /^(https?:|mailto:|\/|#)/i.test(value.trim()) },
};

describe('sanitizeHtml', () => {
  it('should keep allowed markup', () => {
    expect(sanitizeHtml('<p>Hello <strong>world</strong><br></p>', policy)).toBe(
      '<p>Hello <strong>world</strong><br></p>',
    );
  });

  it('should remove scripts with their content and event handlers', () => {
    expect(sanitizeHtml('<p onclick="x()">a<script>alert(1)</script>b</p>', policy)).toBe('<p>ab</p>');
    expect(sanitizeHtml('<img src=x onerror=alert(1)>text', policy)).toBe('text');
  });

  it('should drop dangerous link schemes, also when obfuscated with entities', () => {
    expect(sanitizeHtml('<a href="javascript:alert(1)">x</a>', policy)).toBe('<a>x</a>');
    expect(sanitizeHtml('<a href="jav&#x61;script:alert(1)">x</a>', policy)).toBe('<a>x</a>');
    expect(sanitizeHtml('<a href="https://example.org/?a=1&amp;b=2">x</a>', policy)).toBe(
      '<a href="https://example.org/?a=1&amp;b=2">x</a>',
    );
  });

  it('should re-escape text and attributes and close what is left open', () => {
    expect(sanitizeHtml('<p>1 &lt; 2 & "q"<ul><li>a', policy)).toBe('<p>1 &lt; 2 &amp; "q"</p><ul><li>a</li></ul>');
    expect(sanitizeHtml('<a href="/x&quot; onmouseover=&quot;y">z</a>', policy)).toBe(
      '<a href="/x&quot; onmouseover=&quot;y">z</a>',
    );
  });
});
