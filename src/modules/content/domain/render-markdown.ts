import MarkdownIt from 'markdown-it';
import { sanitizeHtml, type SanitizePolicy } from '../../../common/html/sanitize-html.js';

// Raw HTML in lesson text is escaped by the parser (html: false); the sanitizer is the second wall,
// so a bug or a future plugin can never put script into a page.
const markdown = new MarkdownIt({ html: false, linkify: false, typographer: true });

const ALIGN = (value: string) => /^text-align:(left|right|center)$/.test(value);
const LESSON_POLICY: SanitizePolicy = {
  tags: {
    p: [],
    br: [],
    hr: [],
    h3: ['id'],
    h4: [],
    h5: [],
    h6: [],
    ul: [],
    ol: ['start'],
    li: [],
    strong: [],
    em: [],
    code: [],
    pre: [],
    blockquote: [],
    table: [],
    thead: [],
    tbody: [],
    tr: [],
    th: ['style'],
    td: ['style'],
    a: ['href', 'title'],
    del: [],
    s: [],
    sup: [],
    sub: [],
  },
  attributeValues: {
    href: (value) => /^(https?:|mailto:|\/|#)/i.test(value.trim()),
    style: ALIGN,
    start: (value) => /^\d+$/.test(value),
  },
};

export function renderMarkdown(source: string): string {
  if (!source.trim()) return '';
  return sanitizeHtml(markdown.render(source), LESSON_POLICY);
}

/** Plain-text word count of Markdown, for reading estimates and the seed content checks. */
export function countWords(source: string): number {
  const text = source.replace(/[#>*_`|~[\]()-]+/g, ' ');
  return text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
}

/** One line of Markdown (an option, a short feedback) without the wrapping paragraph. */
export function renderInlineMarkdown(source: string): string {
  if (!source.trim()) return '';
  return sanitizeHtml(markdown.renderInline(source), LESSON_POLICY);
}
