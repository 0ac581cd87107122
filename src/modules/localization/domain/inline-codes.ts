import { withoutForbiddenXmlCharacters } from './xml.js';

/**
 * Splits Markdown into translatable text and inline codes: the pieces a translator must keep exactly (code, URLs,
 * HTML tags, placeholders, emphasis and block markers). Concatenating the parts gives the source back, byte for
 * byte, which is what makes the round trip lossless.
 */

export type InlineCodeType = 'fmt' | 'link' | 'image' | 'other';

export interface InlineCode {
  kind: 'code';
  /** Unique in its unit: 1, 2, 3 … in source order. */
  id: string;
  /** The original Markdown this code stands for. */
  original: string;
  type: InlineCodeType;
  /** For the closing half of a link or image: the id of its opening half, which must come first. */
  closes?: string;
}

export type InlinePart = { kind: 'text'; text: string } | InlineCode;

// Order matters: at one position the first alternative wins (a fenced block before a code span, an image before a
// link). Block markers are anchored at a line start.
const TOKEN = new RegExp(
  [
    /(?<fence>^(?<fenceMark>`{3,}|~{3,})[^\n]*\n[\s\S]*?\n\k<fenceMark>[ \t]*$)/.source,
    /(?<rule>^[ \t]*(?:[-*_][ \t]*){3,}$)/.source,
    /(?<tableRule>^(?=[^\n]*\|)[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$)/.source,
    /(?<block>^[ \t]*(?:(?:#{1,6}|>|[-*+]|\d{1,9}[.)])[ \t]+)+)/.source,
    /(?<codeSpan>(?<ticks>`+)(?:(?!\k<ticks>)[^\n]|\n(?!\n))+?\k<ticks>)/.source,
    /(?<image>!\[(?<imageAlt>[^\]\n]*)\](?<imageTarget>\([^()\s]*(?:[ \t]+"[^"\n]*")?\)))/.source,
    /(?<link>\[(?<linkText>[^\]\n]+)\](?<linkTarget>\([^()\s]*(?:[ \t]+"[^"\n]*")?\)))/.source,
    /(?<html><!--[\s\S]*?-->|<\/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?\/?>|<(?:https?|mailto):[^<>\s]+>)/.source,
    /(?<placeholder>\{\{[^{}\n]+\}\}|\{[A-Za-z_#.%$][^{}\n]*\}|%(?:\d+\$)?[sdf]|:[a-z_]+:(?=\W|$))/.source,
    /(?<escape>\\[\\`*_{}[\]()#+\-.!|<>~])/.source,
    // A single underscore is emphasis only at a word's edge: snake_case stays text.
    /(?<emphasis>\*\*|__|~~|\*|(?<![\p{L}\p{N}_])_(?=\S)|(?<=\S)_(?![\p{L}\p{N}_]))/u.source,
    /(?<pipe>\|)/.source,
  ].join('|'),
  'gmu',
);

/** Splits Markdown into parts; code ids are numbered in source order. */
export function splitInline(markdown: string): InlinePart[] {
  const parts: InlinePart[] = [];
  let next = 1;
  const code = (original: string, type: InlineCodeType, closes?: string): string => {
    const id = String(next++);
    parts.push(closes ? { kind: 'code', id, original, type, closes } : { kind: 'code', id, original, type });
    return id;
  };
  const text = (value: string) => {
    if (value === '') return;
    const last = parts.at(-1);
    if (last?.kind === 'text') last.text += value;
    else parts.push({ kind: 'text', text: value });
  };
  const walk = (input: string) => {
    let position = 0;
    for (const match of input.matchAll(TOKEN)) {
      text(input.slice(position, match.index));
      position = match.index + match[0].length;
      const groups = match.groups!;
      if (groups['image'] !== undefined) {
        const open = code('![', 'image');
        text(groups['imageAlt']);
        code(`]${groups['imageTarget']}`, 'image', open);
      } else if (groups['link'] !== undefined) {
        const open = code('[', 'link');
        walk(groups['linkText']);
        code(`]${groups['linkTarget']}`, 'link', open);
      } else {
        const type: InlineCodeType =
          groups['fence'] !== undefined || groups['codeSpan'] !== undefined || groups['placeholder'] !== undefined
            ? 'other'
            : groups['html'] !== undefined
              ? 'other'
              : 'fmt';
        code(match[0], type);
      }
    }
    text(input.slice(position));
  };
  walk(markdown);
  return parts;
}

export function joinParts(parts: readonly InlinePart[]): string {
  return parts.map((part) => (part.kind === 'text' ? part.text : part.original)).join('');
}

export function codesOf(parts: readonly InlinePart[]): InlineCode[] {
  return parts.filter((part): part is InlineCode => part.kind === 'code');
}

/** What a translator may show for a code: short, one line. */
export function displayOf(code: InlineCode): string {
  const flat = code.original.replace(/\s+/gu, ' ');
  return shorten(withoutForbiddenXmlCharacters(flat));
}

function shorten(flat: string): string {
  return flat.length > 40 ? `${flat.slice(0, 37)}…` : flat;
}

/**
 * Checks the codes a target uses (by id, in target order) against the source's: each exactly once, none unknown,
 * links and images opened before they are closed. Messages name the code by id and what it stands for.
 */
export function checkCodeIds(sourceCodes: readonly InlineCode[], targetIds: readonly string[]): string[] {
  const problems: string[] = [];
  const byId = new Map(sourceCodes.map((code) => [code.id, code]));
  const seenAt = new Map<string, number>();
  targetIds.forEach((id, index) => {
    const code = byId.get(id);
    if (!code) problems.push(`inline code ${id} is not in the source`);
    else if (seenAt.has(id)) problems.push(`inline code ${id} (${displayOf(code)}) appears more than once`);
    else seenAt.set(id, index);
  });
  for (const code of sourceCodes) {
    if (!seenAt.has(code.id)) problems.push(`inline code ${code.id} (${displayOf(code)}) is missing`);
    else if (code.closes !== undefined && seenAt.has(code.closes) && seenAt.get(code.closes)! > seenAt.get(code.id)!)
      problems.push(
        `inline code ${code.id} (${displayOf(code)}) closes a ${code.type} before code ${code.closes} opens it`,
      );
  }
  return problems;
}

/**
 * The same rule for a target written as plain Markdown (the CSV twin): the target, split the same way, must hold
 * the same codes as the source, each as many times, links and images still paired.
 */
export function checkMarkdownCodes(source: string, target: string): string[] {
  const sourceCodes = codesOf(splitInline(source));
  const targetCodes = codesOf(splitInline(target));
  const count = (codes: InlineCode[]) => {
    const counts = new Map<string, number>();
    for (const code of codes) counts.set(code.original, (counts.get(code.original) ?? 0) + 1);
    return counts;
  };
  const expected = count(sourceCodes);
  const actual = count(targetCodes);
  const problems: string[] = [];
  for (const [original, times] of expected) {
    const found = actual.get(original) ?? 0;
    if (found < times)
      problems.push(`${quoteCode(original)} is missing (${times} in the source, ${found} in the target)`);
  }
  for (const [original, found] of actual) {
    const times = expected.get(original) ?? 0;
    if (found > times)
      problems.push(`${quoteCode(original)} is not in the source (${found} in the target, ${times} in the source)`);
  }
  return problems;
}

function quoteCode(original: string): string {
  const flat = original.replace(/\s+/gu, ' ');
  return `the code "${flat.length > 40 ? `${flat.slice(0, 37)}…` : flat}"`;
}
