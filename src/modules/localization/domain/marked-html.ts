import type { LocalizedBlock, LocalizedText } from './localize-course.js';

export interface MarkLabels {
  untranslated: string;
  stale: string;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/**
 * The HTML of a block with its mark, for pages whose views know nothing of copies: an untranslated block is wrapped
 * in a container with the master language's `lang` and a visible "not yet translated" note; a stale one gets its
 * "may be out of date" note. `also` marks a block whose heading is untranslated though its text is not.
 */
export function markedHtml(block: LocalizedBlock, labels: MarkLabels, also?: LocalizedText): string {
  if (block.state === 'untranslated')
    return `<div class="copy-untranslated" lang="${escapeHtml(block.lang ?? '')}"><p class="copy-mark">${escapeHtml(labels.untranslated)}</p>${block.html}</div>`;
  const note =
    block.state === 'stale'
      ? `<p class="copy-mark">${escapeHtml(labels.stale)}</p>`
      : also
        ? `<p class="copy-mark">${escapeHtml(labels.untranslated)}</p>`
        : '';
  return note ? `<div class="copy-marked">${note}${block.html}</div>` : block.html;
}
