/** Words that are names or technical tokens, the same in every language. */
export const UNTRANSLATED_TOKENS = new Set(['Cascade', 'API', 'CSV', 'PDF', 'JSON', 'XLIFF', 'SHA']);

/** Attributes a person reads or hears (screen readers): their text must come from `{{t}}`. */
const HUMAN_ATTRIBUTES = ['aria-label', 'placeholder', 'title', 'alt'];

export interface UntranslatedText {
  line: number;
  text: string;
}

/** Replaces a match by as many newlines as it spanned, so the line numbers of what follows stay right. */
const blank = (match: string) => match.replace(/[^\n]/g, '');

/**
 * The human text a Handlebars view writes literally instead of through `{{t}}`: the text between tags and the
 * human attributes, once Handlebars comments, expressions and blocks, `<style>`/`<script>` bodies, `<code>`
 * samples (commands, column names: typed as shown) and entities are taken out. Literal strings given to the
 * `plural` helper are English too, so its use is reported (ICU plurals in the catalogue replace it).
 */
export function untranslatedText(source: string): UntranslatedText[] {
  const found: UntranslatedText[] = [];
  const lineAt = (text: string, index: number) => text.slice(0, index).split('\n').length;

  for (const match of source.matchAll(/\{\{~?\s*plural\b/g)) {
    found.push({ line: lineAt(source, match.index), text: '{{plural}}: use an ICU plural in the catalogue' });
  }

  // Expressions become a letter-free mark; comments and blocks vanish with them.
  const text = source
    .replace(/\{\{!--[\s\S]*?--\}\}|\{\{![\s\S]*?\}\}/g, blank)
    .replace(/\{\{\{[\s\S]*?\}\}\}|\{\{[\s\S]*?\}\}/g, (match) => blank(match) + '\u2063')
    .replace(/<(style|script)\b[^>]*>[\s\S]*?<\/\1>/gi, blank)
    .replace(/<code\b[^>]*>[\s\S]*?<\/code>/gi, blank)
    .replace(/&[a-zA-Z]+;|&#x?[0-9a-fA-F]+;/g, ' ');

  for (const tag of text.matchAll(/<[^>]*>/g)) {
    for (const attribute of tag[0].matchAll(/([\w-]+)\s*=\s*("[^"]*"|'[^']*')/g)) {
      if (!HUMAN_ATTRIBUTES.includes(attribute[1].toLowerCase())) continue;
      const value = attribute[2].slice(1, -1);
      if (hasWords(value)) found.push({ line: lineAt(text, tag.index + attribute.index), text: attribute[0] });
    }
  }

  const withoutTags = text.replace(/<!--[\s\S]*?-->/g, blank).replace(/<[^>]*>/g, (match) => blank(match) + ' ');
  withoutTags.split('\n').forEach((lineText, index) => {
    if (hasWords(lineText)) found.push({ line: index + 1, text: lineText.replace(/\u2063/g, '…').trim() });
  });
  return found.sort((a, b) => a.line - b.line);
}

function hasWords(text: string): boolean {
  return (text.match(/[\p{L}][\p{L}\p{M}'’-]*/gu) ?? []).some(
    (word) => !UNTRANSLATED_TOKENS.has(word.replace(/[-'’]+$/, '')),
  );
}
