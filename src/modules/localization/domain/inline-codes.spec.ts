import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { checkCodeIds, checkMarkdownCodes, codesOf, joinParts, splitInline } from './inline-codes.js';

const originals = (markdown: string) => codesOf(splitInline(markdown)).map((code) => code.original);

describe('splitInline', () => {
  it('should protect code, link targets, images, HTML, placeholders and emphasis, leaving the words to translate', () => {
    const markdown =
      'A **bold** `code` [link *x*](https://a.b/c "t") ![alt](img.png) <br/> {{name}} %s {#id .case-study} \\* end';
    const parts = splitInline(markdown);

    expect(parts.filter((part) => part.kind === 'text').map((part) => (part.kind === 'text' ? part.text : ''))).toEqual(
      ['A ', 'bold', ' ', ' ', 'link ', 'x', ' ', 'alt', ' ', ' ', ' ', ' ', ' ', ' end'],
    );
    expect(originals(markdown)).toEqual([
      '**',
      '**',
      '`code`',
      '[',
      '*',
      '*',
      '](https://a.b/c "t")',
      '![',
      '](img.png)',
      '<br/>',
      '{{name}}',
      '%s',
      '{#id .case-study}',
      '\\*',
    ]);
    expect(codesOf(parts).filter((code) => code.closes)).toEqual([
      { kind: 'code', id: '7', original: '](https://a.b/c "t")', type: 'link', closes: '4' },
      { kind: 'code', id: '9', original: '](img.png)', type: 'image', closes: '8' },
    ]);
  });

  it('should protect block structure: fenced code, headings, lists, quotes, tables, rules', () => {
    const markdown =
      '### Title\n\n> quote\n\n1. one\n- two\n\n| a | b |\n|---|:--:|\n\n---\n\n```ts\nconst x = "<b>";\n```';

    expect(originals(markdown)).toEqual([
      '### ',
      '> ',
      '1. ',
      '- ',
      '|',
      '|',
      '|',
      '|---|:--:|',
      '---',
      '```ts\nconst x = "<b>";\n```',
    ]);
  });

  it('should protect underscores that make emphasis, not those inside a word', () => {
    expect(originals('_Tip:_ use snake_case and __strong__ text')).toEqual(['_', '_', '__', '__']);
  });

  it('should leave plain prose, non-Latin scripts and emoji as one text part', () => {
    for (const prose of ['مرحبا بالعالم، هذه شبكة مدارس.', 'नेपाली शिक्षा 🎓 👩🏽‍🏫', '5 < 6 and a_b_c stay text'])
      expect(splitInline(prose)).toEqual([{ kind: 'text', text: prose }]);
  });

  it('should give back the source exactly for any text (lossless)', () => {
    const markdownish = fc.stringMatching(/^[a-z *_`#>|\-[\]()!<>{}%$\\\n\t~é🎉]{0,80}$/u);
    fc.assert(
      fc.property(fc.oneof(markdownish, fc.string({ unit: 'grapheme', maxLength: 80 })), (text) => {
        expect(joinParts(splitInline(text))).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it('should number codes 1, 2, 3 … uniquely in source order', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z *`[\]()<>{}|\n]{0,60}$/u), (text) => {
        expect(codesOf(splitInline(text)).map((code) => code.id)).toEqual(
          codesOf(splitInline(text)).map((_, index) => String(index + 1)),
        );
      }),
    );
  });
});

describe('checkCodeIds', () => {
  const codes = codesOf(splitInline('See [the map](m.png) and **act**.'));

  it('should accept every code once, in any order that keeps links opened before closed', () => {
    expect(checkCodeIds(codes, ['3', '4', '1', '2'])).toEqual([]);
  });

  it('should name missing, repeated, unknown and misordered codes', () => {
    expect(checkCodeIds(codes, ['2', '1', '3', '3', '9'])).toEqual([
      'inline code 3 (**) appears more than once',
      'inline code 9 is not in the source',
      'inline code 2 (](m.png)) closes a link before code 1 opens it',
      'inline code 4 (**) is missing',
    ]);
  });
});

describe('checkMarkdownCodes', () => {
  it('should accept a translation that keeps every code, and count repeated ones', () => {
    expect(checkMarkdownCodes('**a** and **b**', '**x** et **y**')).toEqual([]);
    expect(checkMarkdownCodes('**a** and **b**', '**x et y**')).toEqual([
      'the code "**" is missing (4 in the source, 2 in the target)',
    ]);
  });
});
