import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { untranslatedText } from './untranslated-text.js';

const SRC = path.join(import.meta.dirname, '..', '..');

/**
 * Every Handlebars file under src/ except mail templates (`mails/` folders: mails are being moved to per-locale
 * templates of their own, which carry their text in their language) and PDF documents (`pdf/` folders: a
 * document is rendered in the language it is issued in, given by its own job, not the reader's interface).
 */
const OWN_LANGUAGE_FOLDERS = new Set(['mails', 'pdf']);

function templates(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return OWN_LANGUAGE_FOLDERS.has(entry.name) ? [] : templates(full);
    return entry.name.endsWith('.hbs') ? [full] : [];
  });
}

describe('untranslatedText', () => {
  it('should find text between tags and in human attributes, with its line', () => {
    const view = '<h1>{{t "a.title"}}</h1>\n<p>Hello {{name}}</p>\n<button aria-label="Remove {{name}}">x</button>';
    expect(untranslatedText(view)).toEqual([
      { line: 2, text: 'Hello …' },
      { line: 3, text: 'aria-label="Remove \u2063"' },
      { line: 3, text: 'x' },
    ]);
  });

  it('should accept expressions, comments, attributes that are not read, code samples and brand names', () => {
    const view = [
      '{{!-- A comment with words --}}<a class="button" href="{{href}}" aria-label="{{t "a.label"}}">{{t "a.go"}}</a>',
      '<p>Cascade · API · <code>npm run content:import</code> {{#if x}}{{else}}—{{/if}}</p>',
      '<style>body { color: red; }</style><input type="hidden" name="_csrf" value="{{csrf}}">&nbsp;',
    ].join('\n');
    expect(untranslatedText(view)).toEqual([]);
  });

  it('should refuse the English-only plural helper', () => {
    expect(untranslatedText('<p>{{count}} {{plural count "point" "points"}}</p>')).toHaveLength(1);
  });
});

describe('the views', () => {
  it('should take every human text from the catalogue', () => {
    const untranslated = templates(SRC).flatMap((file) =>
      untranslatedText(readFileSync(file, 'utf8')).map(
        ({ line, text }) => `${path.relative(SRC, file)}:${line.toString()}: ${text}`,
      ),
    );
    expect(untranslated).toEqual([]);
  });
});
