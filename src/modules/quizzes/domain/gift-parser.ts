import type {
  ChoiceOption,
  MatchingPair,
  MultipleResponseQuestion,
  NumericAnswer,
  Question,
  QuestionBase,
  ShortAnswer,
  SingleChoiceQuestion,
  TrueFalseQuestion,
} from './question.types.js';

/**
 * Reads Moodle's GIFT format as Moodle's own importer does (question/format/gift/format.php): multiple choice,
 * multiple response (weights), true/false, short answer, matching, numeric and missing-word questions, with titles,
 * comments, categories, text formats, escapes and feedback. Essays and description items have no counterpart in our
 * model and are reported, not dropped, so a trainer knows exactly what did not come across. Where Moodle would
 * quietly import something odd (a `%50%` after `=` kept as answer text, text before the first `~` made a wrong
 * option), the item is reported instead.
 */
export interface GiftOptions {
  /** Question ids are `${idPrefix}-q${n}`, n counting every question of the file from 1. */
  idPrefix: string;
}

export interface GiftProblem {
  /** 1-based line of the file: where the question starts, or the exact line when known. */
  line: number;
  message: string;
}

/** A `$CATEGORY:` path and the ids of the imported questions that followed it. */
export interface GiftCategory {
  path: string;
  /** Line of its first `$CATEGORY:` declaration. */
  line: number;
  questionIds: string[];
}

/** Where a question of the result came from, and the names Moodle gives it (stable ids are derived from them). */
export interface GiftQuestionSource {
  questionId: string;
  /** Line where the question starts. */
  line: number;
  /** The `::title::`, when given. */
  title?: string;
  /** Moodle's id number, from a `// [id:...]` comment inside the item. */
  idNumber?: string;
}

/** `questions` holds only the questions without problems; each bad one is in `problems` instead. */
export interface GiftResult {
  questions: Question[];
  /** One entry per question, in the same order. */
  sources: GiftQuestionSource[];
  categories: GiftCategory[];
  problems: GiftProblem[];
}

/** What the blank of a missing-word question becomes in the text (Moodle inserts the same five underscores). */
export const GIFT_BLANK = '_____';

type TextFormat = 'moodle' | 'html' | 'plain' | 'markdown';

const MINIMUM_MATCHING_PAIRS = 3;
const CATEGORY_LINE = /^\s*\$CATEGORY:(.*)$/;
const TEXT_FORMAT = /^\[(markdown|html|plain|moodle)\]/i;
const WEIGHT = /^%(-?(?:\d+(?:\.\d*)?|\.\d+))%/;
const NUMBER = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?$/i;
const ID_NUMBER = /\[id:((?:\\\]|[^\]])*)\]/;
const TRUE_FALSE = /^(T|TRUE|F|FALSE)\s*(?=#|$)/i;
// The quiz file checks that the right options of a multiple-response question add up to 1 within this.
const FRACTION_TOLERANCE = 1e-6;
// Weights such as 33.333% are meant as a third: they are read as the nearest k/n (n ≤ 20) within half a permille.
const FRACTION_SNAP = 0.0005;

/*
 * Escapes are swapped for two private-use characters before any syntax is looked for, so an escaped `~` can never
 * split answers; keeping the length at two means offsets, and so line numbers, stay those of the source.
 */
const ESCAPE_MARK = '\uE000';
const ESCAPED: Record<string, string> = {
  '~': '\uE001',
  '=': '\uE002',
  '#': '\uE003',
  '{': '\uE004',
  '}': '\uE005',
  ':': '\uE006',
  n: '\uE007',
  '\\': '\uE008',
};
const UNESCAPED: Record<string, string> = Object.fromEntries(
  Object.entries(ESCAPED).map(([character, code]) => [code, character === 'n' ? '\n' : character]),
);

interface Item {
  /** Lines of the item, comments removed, escapes masked. */
  lines: { line: number; text: string }[];
  idNumber?: string;
}

type Entry = Item | { category: string; line: number };

class ItemProblem extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

export function parseGift(source: string, options: GiftOptions): GiftResult {
  const result: GiftResult = { questions: [], sources: [], categories: [], problems: [] };
  let category: GiftCategory | null = null;
  let count = 0;

  for (const entry of readItems(source)) {
    if ('category' in entry) {
      if (entry.category === '') {
        result.problems.push({
          line: entry.line,
          message: '$CATEGORY: needs a category path, e.g. $CATEGORY: tom/bones',
        });
        continue;
      }
      category = result.categories.find((known) => known.path === entry.category) ?? null;
      if (!category) {
        category = { path: entry.category, line: entry.line, questionIds: [] };
        result.categories.push(category);
      }
      continue;
    }
    count += 1;
    const id = `${options.idPrefix}-q${count}`;
    try {
      const { question, title } = parseItem(entry, id);
      result.questions.push(question);
      result.sources.push({
        questionId: id,
        line: entry.lines[0].line,
        ...(title ? { title } : {}),
        ...(entry.idNumber ? { idNumber: entry.idNumber } : {}),
      });
      category?.questionIds.push(id);
    } catch (error) {
      if (!(error instanceof ItemProblem)) throw error;
      result.problems.push({ line: error.line, message: error.message });
    }
  }
  return result;
}

/**
 * Splits the file on blank lines, as Moodle does. `//` comment lines are dropped without ending the item (Moodle
 * reads an `[id:...]` in them), and a `$CATEGORY:` line stands on its own.
 */
function readItems(source: string): Entry[] {
  const entries: Entry[] = [];
  let current: Item | null = null;
  let idNumber: string | undefined;
  const lines = source.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  for (const [index, raw] of lines.entries()) {
    const line = index + 1;
    const text = mask(raw);
    if (text.trim() === '') {
      current = null;
      idNumber = undefined;
      continue;
    }
    if (text.trimStart().startsWith('//')) {
      const id = ID_NUMBER.exec(raw);
      if (id) idNumber = id[1].replace(/\\\]/g, ']').trim() || undefined;
      if (current && idNumber) current.idNumber = idNumber;
      continue;
    }
    const category = CATEGORY_LINE.exec(text);
    if (category) {
      current = null;
      entries.push({ category: unmask(category[1]).trim(), line });
      continue;
    }
    if (!current) {
      current = { lines: [], ...(idNumber ? { idNumber } : {}) };
      entries.push(current);
    }
    current.lines.push({ line, text });
  }
  return entries;
}

function mask(text: string): string {
  return text.replace(/\\([~=#{}:n\\])/g, (_match, character: string) => ESCAPE_MARK + ESCAPED[character]);
}

function unmask(text: string): string {
  return text.replace(/\uE000([\uE001-\uE008])/g, (_match, code: string) => UNESCAPED[code]);
}

function parseItem(item: Item, id: string): { question: Question; title?: string } {
  const body = item.lines.map((entry) => entry.text).join('\n');
  const startLine = item.lines[0].line;
  const lineAt = (offset: number): number => {
    const newlines = body.slice(0, offset).split('\n').length - 1;
    return item.lines[newlines].line;
  };

  let start = body.length - body.trimStart().length;
  let title: string | undefined;
  if (body.startsWith('::', start)) {
    const end = body.indexOf('::', start + 2);
    if (end === -1) throw new ItemProblem(startLine, 'the title is not closed: write ::Title:: before the question');
    title = unmask(body.slice(start + 2, end)).trim() || undefined;
    start = end + 2;
  }
  let format: TextFormat = 'moodle';
  const formatMatch = TEXT_FORMAT.exec(body.slice(start).trimStart());
  if (formatMatch) {
    format = formatMatch[1].toLowerCase() as TextFormat;
    start = body.indexOf(formatMatch[0], start) + formatMatch[0].length;
  }

  const open = body.indexOf('{', start);
  if (open === -1) {
    throw new ItemProblem(
      startLine,
      'description items (text without an answer block in braces) are not supported: only questions are imported',
    );
  }
  const close = body.indexOf('}', open);
  if (close === -1) throw new ItemProblem(lineAt(open), 'the answer block is not closed: "{" has no matching "}"');
  const nested = body.indexOf('{', open + 1);
  if (nested !== -1 && nested < close) {
    throw new ItemProblem(lineAt(nested), 'an answer block cannot contain "{": escape it as \\{');
  }
  if (body.indexOf('{', close) !== -1) {
    throw new ItemProblem(lineAt(body.indexOf('{', close)), 'a question can have only one answer block in braces');
  }
  const stray = body.slice(start, open).indexOf('}');
  if (stray !== -1) throw new ItemProblem(lineAt(start + stray), 'a "}" comes before any "{": escape it as \\}');
  if (body.indexOf('}', close + 1) !== -1) {
    throw new ItemProblem(lineAt(body.indexOf('}', close + 1)), 'a "}" closes no answer block: escape it as \\}');
  }

  const text = readText(questionText(body.slice(start, open), body.slice(close + 1)), format, startLine, false);
  if (text === '') throw new ItemProblem(startLine, 'the question has no text');

  let inner = body.slice(open + 1, close);
  let generalFeedback: string | undefined;
  // Moodle takes the last ####, so a #### inside an answer's feedback stays there.
  const feedbackAt = inner.lastIndexOf('####');
  if (feedbackAt !== -1) {
    generalFeedback = readText(inner.slice(feedbackAt + 4), format, lineAt(open + 1 + feedbackAt)) || undefined;
    inner = inner.slice(0, feedbackAt);
  }
  const base: QuestionBase = generalFeedback === undefined ? { id, text } : { id, text, generalFeedback };
  const block: Block = { inner, offset: open + 1, lineAt, id, format };
  const answers = inner.trim();
  const named = (question: Question) => (title ? { question, title } : { question });

  if (answers === '') {
    throw new ItemProblem(lineAt(open), 'essay questions ({} with no answers) are not supported: they need a grader');
  }
  if (answers.startsWith('#')) return named({ ...base, type: 'numeric', answers: parseNumeric(block) });
  if (answers.includes('~')) return named({ ...base, ...parseChoice(block) });
  if (answers.includes('=') && answers.includes('->')) {
    return named({ ...base, type: 'matching', pairs: parseMatching(block) });
  }
  const trueFalse = TRUE_FALSE.exec(answers);
  if (trueFalse) return named({ ...base, ...parseTrueFalse(block, trueFalse[1]) });
  return named({ ...base, type: 'short-answer', answers: parseShortAnswer(block) });
}

/**
 * Text after the braces makes a missing-word question: the braces become a blank inside the sentence. Moodle
 * inserts the blank whenever the item does not end with "}", punctuation included ("... {#3.141..3.142}.").
 */
function questionText(before: string, after: string): string {
  if (after.trim() === '') return before.trim();
  return `${before}${GIFT_BLANK}${after}`.trim();
}

/**
 * A piece of text as written: an optional [format] prefix, escapes undone, HTML turned into Markdown. Answers and
 * feedback lose the indentation of their continuation lines, which only lined them up in the file.
 */
function readText(masked: string, inherited: TextFormat, line: number, tidyLines = true): string {
  let text = masked.trim();
  let format = inherited;
  const prefix = TEXT_FORMAT.exec(text);
  if (prefix) {
    format = prefix[1].toLowerCase() as TextFormat;
    text = text.slice(prefix[0].length).trimStart();
  }
  text = unmask(text);
  if (tidyLines) text = text.replace(/[ \t]*\n[ \t]*/g, '\n');
  if (format !== 'html') return text.trim();
  const converted = htmlToMarkdown(text);
  if (converted.unsupported.length > 0) {
    throw new ItemProblem(
      line,
      `the HTML has ${converted.unsupported.map((tag) => `<${tag}>`).join(', ')}, which cannot be carried into ` +
        'the Markdown of a question (images and media are not imported): rewrite that part as text',
    );
  }
  return converted.markdown;
}

interface Block {
  /** The masked text between the braces, general feedback removed. */
  inner: string;
  /** Offset of `inner` in the item body. */
  offset: number;
  lineAt: (offset: number) => number;
  id: string;
  /** Format of the question text, which answers and feedback inherit. */
  format: TextFormat;
}

interface RawAnswer {
  /** '' for text before the first marker. */
  marker: '=' | '~' | '';
  /** Percent, when written as %n%. */
  weight?: number;
  /** Masked, before any format prefix is read. */
  text: string;
  feedback?: string;
  line: number;
}

/** Cuts the block at each `=` and `~` (as Moodle does, even inside feedback: escape them there). */
function splitAnswers(block: Block, splitFeedback = true): RawAnswer[] {
  const { inner, offset, lineAt } = block;
  const answers: RawAnswer[] = [];
  const first = inner.search(/[=~]/);
  const leading = first === -1 ? inner : inner.slice(0, first);
  if (leading.trim() !== '') {
    const at = leading.length - leading.trimStart().length;
    answers.push(rawAnswer('', leading, lineAt(offset + at), splitFeedback));
  }
  const pattern = /[=~][^=~]*/g;
  for (let match = pattern.exec(inner); match; match = pattern.exec(inner)) {
    answers.push(rawAnswer(match[0][0] as '=' | '~', match[0].slice(1), lineAt(offset + match.index), splitFeedback));
  }
  return answers;
}

function rawAnswer(marker: RawAnswer['marker'], written: string, line: number, splitFeedback: boolean): RawAnswer {
  let rest = written.trimStart();
  let weight: number | undefined;
  const weightMatch = WEIGHT.exec(rest);
  if (weightMatch) {
    weight = Number(weightMatch[1]);
    if (weight < -100 || weight > 100) {
      throw new ItemProblem(line, `the weight ${weightMatch[0]} is outside -100% to 100%`);
    }
    rest = rest.slice(weightMatch[0].length);
  } else if (/^%[^%\n]*%/.test(rest)) {
    throw new ItemProblem(line, 'a weight is written %50% (a percent between -100 and 100, between two % signs)');
  }
  const hash = splitFeedback ? rest.indexOf('#') : -1;
  const feedback = hash === -1 ? '' : rest.slice(hash + 1).trim();
  return {
    marker,
    ...(weight === undefined ? {} : { weight }),
    text: hash === -1 ? rest : rest.slice(0, hash),
    ...(feedback === '' ? {} : { feedback }),
    line,
  };
}

function answerText(answer: RawAnswer, block: Block): string {
  const text = readText(answer.text, block.format, answer.line);
  if (text === '') {
    throw new ItemProblem(answer.line, `an answer is empty after "${answer.marker}"`);
  }
  return text;
}

function feedbackOf(answer: RawAnswer, block: Block): string | undefined {
  return answer.feedback === undefined ? undefined : readText(answer.feedback, block.format, answer.line) || undefined;
}

function withFeedback<T extends object>(value: T, feedback: string | undefined): T & { feedback?: string } {
  return feedback === undefined ? value : { ...value, feedback };
}

/** Percent to fraction, reading 33.333% as exactly a third so that three of them still make 100%. */
function fractionOf(percent: number): number {
  const fraction = percent / 100;
  for (let denominator = 1; denominator <= 20; denominator++) {
    const numerator = Math.round(fraction * denominator);
    if (Math.abs(fraction - numerator / denominator) < FRACTION_SNAP) return numerator / denominator;
  }
  return fraction;
}

function formatPercent(fraction: number): string {
  return `${Math.round(fraction * 10000) / 100}%`;
}

/**
 * Moodle's rule: a block with a `=` answer is single choice (one radio button, and a `~%50%` option may still earn
 * partial credit); a block of `~` answers only is multiple response, whose positive weights must add up to 100%.
 */
function parseChoice(
  block: Block,
): Pick<SingleChoiceQuestion, 'type' | 'options'> | Pick<MultipleResponseQuestion, 'type' | 'options'> {
  const answers = splitAnswers(block);
  if (answers[0].marker === '') {
    throw new ItemProblem(
      answers[0].line,
      `every option must start with = (right) or ~ (wrong): "${unmask(answers[0].text.trim())}" has neither`,
    );
  }
  const firstLine = answers[0].line;
  if (answers.length < 2) throw new ItemProblem(firstLine, 'a multiple-choice question needs at least two options');
  const single = answers.some((answer) => answer.marker === '=');
  const options: ChoiceOption[] = answers.map((answer, index) => {
    if (answer.marker === '=' && answer.weight !== undefined && answer.weight !== 100) {
      throw new ItemProblem(
        answer.line,
        `"=" marks the right option (100%), so =%${answer.weight}% is contradictory: give partial credit with ` +
          `~%${answer.weight}%answer`,
      );
    }
    const fraction = answer.marker === '=' ? 1 : fractionOf(answer.weight ?? 0);
    return withFeedback(
      { id: `${block.id}-o${index + 1}`, text: answerText(answer, block), fraction },
      feedbackOf(answer, block),
    );
  });

  if (single) {
    const right = options.filter((option) => option.fraction === 1);
    if (right.length > 1) {
      throw new ItemProblem(
        firstLine,
        `${right.length} options are fully right (= or ~%100%), but a single-choice question has exactly one: for ` +
          'several right answers, write them all as ~ with weights that add up to 100% (e.g. ~%50%a ~%50%b)',
      );
    }
    return { type: 'single-choice', options };
  }
  const total = options.filter((option) => option.fraction > 0).reduce((sum, option) => sum + option.fraction, 0);
  if (total === 0) {
    throw new ItemProblem(firstLine, 'no correct answer: mark the right option with = or give it a positive %weight%');
  }
  if (Math.abs(total - 1) > FRACTION_TOLERANCE) {
    throw new ItemProblem(
      firstLine,
      `the right options add up to ${formatPercent(total)}: in a multiple-response question (no = answer) the ` +
        'positive weights must add up to exactly 100%',
    );
  }
  return { type: 'multiple-response', options };
}

/** Moodle reads a block without markers ({3}) as one accepted answer, and text before the first = as another. */
function parseShortAnswer(block: Block): ShortAnswer[] {
  const answers = splitAnswers(block);
  requireFullMarks(answers);
  return answers.map((answer, index) =>
    withFeedback(
      {
        id: `${block.id}-a${index + 1}`,
        text: answerText(answer, block),
        fraction: fractionOf(answer.weight ?? 100),
      },
      feedbackOf(answer, block),
    ),
  );
}

function requireFullMarks(answers: { weight?: number; line: number }[]): void {
  if (!answers.some((answer) => (answer.weight ?? 100) === 100)) {
    throw new ItemProblem(answers[0].line, 'no correct answer: at least one answer must be worth 100%');
  }
}

/** Pairs `=prompt -> answer`; a `#` is part of the text, as in Moodle, since matching pairs take no feedback. */
function parseMatching(block: Block): MatchingPair[] {
  const answers = splitAnswers(block, false);
  const pairs = answers.map((answer, index): MatchingPair => {
    if (answer.marker !== '=' || answer.weight !== undefined) {
      throw new ItemProblem(
        answer.line,
        'a matching pair is written =prompt -> answer, without text before it or weights',
      );
    }
    const arrow = answer.text.indexOf('->');
    if (arrow === -1) throw new ItemProblem(answer.line, `the pair "${unmask(answer.text.trim())}" has no "->"`);
    const prompt = readText(answer.text.slice(0, arrow), block.format, answer.line);
    const match = unmask(answer.text.slice(arrow + 2)).trim();
    if (prompt === '') {
      throw new ItemProblem(
        answer.line,
        `extra answers without a prompt (= -> ${match}) are not supported: every answer needs its prompt`,
      );
    }
    if (match === '') throw new ItemProblem(answer.line, `the prompt "${prompt}" has no answer after "->"`);
    return { id: `${block.id}-p${index + 1}`, prompt, answer: match };
  });
  if (pairs.length < MINIMUM_MATCHING_PAIRS) {
    throw new ItemProblem(
      answers[0].line,
      `a matching question needs at least ${MINIMUM_MATCHING_PAIRS} pairs, this one has ${pairs.length}`,
    );
  }
  return pairs;
}

/**
 * `{T#wrong#right}`: as in Moodle's importer, the first feedback is shown to a wrong answer and the second to a
 * right one; anything after a third # belongs to the second. Moodle only knows T, TRUE, F and FALSE in capitals and
 * would make `{true}` a short answer accepting the word "true"; we read what the author meant.
 */
function parseTrueFalse(
  block: Block,
  keyword: string,
): Pick<TrueFalseQuestion, 'type' | 'answer' | 'feedbackTrue' | 'feedbackFalse'> {
  const line = block.lineAt(block.offset + block.inner.search(/\S/));
  const answer = keyword.toUpperCase().startsWith('T');
  const afterKeyword = block.inner.trim().slice(keyword.length).trimStart();
  const feedbacks = afterKeyword.startsWith('#') ? afterKeyword.slice(1) : '';
  const split = feedbacks.indexOf('#');
  const wrong = readText(split === -1 ? feedbacks : feedbacks.slice(0, split), block.format, line) || undefined;
  const right = split === -1 ? undefined : readText(feedbacks.slice(split + 1), block.format, line) || undefined;
  const feedbackTrue = answer ? right : wrong;
  const feedbackFalse = answer ? wrong : right;
  return {
    type: 'true-false',
    answer,
    ...(feedbackTrue === undefined ? {} : { feedbackTrue }),
    ...(feedbackFalse === undefined ? {} : { feedbackFalse }),
  };
}

/** `{#value}`, `{#value:tolerance}`, `{#min..max}` or `{# =value:tolerance#feedback =%50%...}`. */
function parseNumeric(block: Block): NumericAnswer[] {
  const hash = block.inner.indexOf('#');
  const rest: Block = { ...block, inner: block.inner.slice(hash + 1), offset: block.offset + hash + 1 };
  const answers = splitAnswers(rest);
  const otherwise = answers.find((answer) => answer.marker === '~');
  if (otherwise) {
    throw new ItemProblem(
      otherwise.line,
      'feedback for any other answer (~#feedback) is not supported in numeric questions: put it in the general ' +
        'feedback (####feedback) instead',
    );
  }
  if (answers.length === 0) {
    throw new ItemProblem(
      block.lineAt(block.offset),
      'a numeric answer is empty: write {#value}, {#value:tolerance} or {#min..max}',
    );
  }
  requireFullMarks(answers);
  return answers.map((answer, index) =>
    numericAnswer(
      `${block.id}-a${index + 1}`,
      unmask(answer.text).trim(),
      fractionOf(answer.weight ?? 100),
      feedbackOf(answer, block),
      answer.line,
    ),
  );
}

function numericAnswer(
  id: string,
  written: string,
  fraction: number,
  feedback: string | undefined,
  line: number,
): NumericAnswer {
  const number = (text: string, what: string): number => {
    const trimmed = text.trim();
    if (!NUMBER.test(trimmed)) throw new ItemProblem(line, `the ${what} "${trimmed}" is not a number`);
    return Number(trimmed);
  };
  if (written === '') {
    throw new ItemProblem(line, 'a numeric answer is empty: write {#value}, {#value:tolerance} or {#min..max}');
  }
  const range = written.indexOf('..');
  if (range > 0) {
    const min = number(written.slice(0, range), 'minimum');
    const max = number(written.slice(range + 2), 'maximum');
    if (min > max) throw new ItemProblem(line, `the range ${min}..${max} is reversed: write the minimum first`);
    return withFeedback({ id, min, max, fraction }, feedback);
  }
  const colon = written.indexOf(':');
  const value = number(colon === -1 ? written : written.slice(0, colon), 'value');
  const tolerance = colon === -1 ? 0 : number(written.slice(colon + 1), 'tolerance');
  if (tolerance < 0) throw new ItemProblem(line, `the tolerance ${tolerance} is negative`);
  return withFeedback({ id, value, tolerance, fraction }, feedback);
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
const BLOCK_TAGS = new Set(['p', 'div', 'section', 'article', 'blockquote', 'center']);
const DROPPED_TAGS = new Set(['span', 'font', 'u', 'small', 'big', 'abbr', 'cite', 'label', 'mark', 'ins', 'tt']);

/**
 * Moodle writes questions as HTML (`[html]<p>…</p>`); our texts are Markdown. Paragraphs, line breaks, bold,
 * italics, code, links, lists and headings come across; text-styling wrappers (span, font) are dropped; anything
 * else (images, tables, sub- and superscripts, media, scripts) is returned as unsupported, never silently lost.
 */
export function htmlToMarkdown(html: string): { markdown: string; unsupported: string[] } {
  const unsupported = new Set<string>();
  const links: (string | null)[] = [];
  const lists: string[] = [];
  let out = '';
  let pre = 0;
  // An opening ** or * waits for its first word, so "<b> bold</b>" becomes " **bold**", never "** bold**".
  let pending = '';
  const write = (text: string) => {
    if (pre > 0) {
      out += text;
      return;
    }
    let rest = text.replace(/\s+/g, ' ');
    if (pending && rest.trim() !== '') {
      out += (/^\s/.test(rest) && !/\s$/.test(out) && out !== '' ? ' ' : '') + pending;
      pending = '';
      rest = rest.trimStart();
    }
    // Spaces collapse as in a browser: none at the start of a line or after another space.
    out += out === '' || /\s$/.test(out) ? rest.trimStart() : rest;
  };
  const inline = (marker: string, closing: boolean) => {
    if (!closing) {
      pending += marker;
      return;
    }
    if (pending.endsWith(marker)) {
      pending = pending.slice(0, -marker.length);
      return;
    }
    const spaced = /[ \t]$/.test(out);
    out = out.replace(/[ \t]+$/, '') + marker + (spaced ? ' ' : '');
  };
  const breakLine = (text: string) => {
    out = out.replace(/[ \t]+$/, '') + text;
  };
  for (const token of html.split(/(<!--[\s\S]*?-->|<\/?[a-zA-Z][^>]*>)/)) {
    if (token.startsWith('<!--')) continue;
    const tag = /^<(\/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>$/.exec(token);
    if (!tag) {
      write(decodeEntities(token));
      continue;
    }
    const closing = tag[1] === '/';
    const name = tag[2].toLowerCase();
    if (name === 'br') breakLine('\n');
    else if (name === 'hr') breakLine('\n\n---\n\n');
    else if (name === 'strong' || name === 'b') inline('**', closing);
    else if (name === 'em' || name === 'i') inline('*', closing);
    else if (name === 'code') {
      if (pre === 0) inline('`', closing);
    } else if (name === 'pre') {
      breakLine(closing ? '\n```\n\n' : '\n\n```\n');
      pre = Math.max(0, pre + (closing ? -1 : 1));
    } else if (/^h[1-6]$/.test(name)) {
      if (!closing) breakLine('\n\n');
      inline('**', closing);
      if (closing) breakLine('\n\n');
    } else if (name === 'a') {
      if (!closing) {
        const href = /\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(tag[3]);
        const target = href ? decodeEntities(href[1] ?? href[2] ?? href[3]) : null;
        links.push(target);
        if (target) inline('[', false);
      } else {
        const target = links.pop();
        if (target) inline(`](${target})`, true);
      }
    } else if (name === 'ul' || name === 'ol') {
      if (closing) lists.pop();
      else lists.push(name);
      breakLine('\n\n');
    } else if (name === 'li') {
      if (!closing) breakLine(`\n${lists.at(-1) === 'ol' ? '1.' : '-'} `);
    } else if (BLOCK_TAGS.has(name)) breakLine('\n\n');
    else if (!DROPPED_TAGS.has(name)) unsupported.add(name);
  }
  const markdown = out.replace(/\n{3,}/g, '\n\n').trim();
  return { markdown, unsupported: [...unsupported] };
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]+);/gi, (entity, name: string) => {
    const code = name.startsWith('#')
      ? parseInt(name.slice(/^#x/i.test(name) ? 2 : 1), /^#x/i.test(name) ? 16 : 10)
      : -1;
    if (name.startsWith('#')) return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
    return ENTITIES[name.toLowerCase()] ?? entity;
  });
}
