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
 * Reads Moodle's GIFT format (docs.moodle.org, "GIFT format"): multiple choice, multiple response (weights),
 * true/false, short answer, matching, numeric and missing-word questions, with titles, comments, categories,
 * escapes and feedback. Essays and description items have no counterpart in our model and are reported, not
 * dropped, so a trainer knows exactly what did not come across.
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

/** `questions` holds only the questions without problems; each bad one is in `problems` instead. */
export interface GiftResult {
  questions: Question[];
  categories: GiftCategory[];
  problems: GiftProblem[];
}

/** What the blank of a missing-word question becomes in the text. */
export const GIFT_BLANK = '_____';

const MINIMUM_MATCHING_PAIRS = 3;
const CATEGORY_LINE = /^\s*\$CATEGORY:(.*)$/;
const TEXT_FORMAT = /^\[(markdown|html|plain|moodle)\]/i;
const WEIGHT = /^%(-?\d+(?:\.\d+)?)%/;
const NUMBER = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?$/i;
// Fractions such as 33.33333% three times must still count as 100%.
const FRACTION_TOLERANCE = 0.001;

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
};
const UNESCAPED: Record<string, string> = Object.fromEntries(
  Object.entries(ESCAPED).map(([character, code]) => [code, character === 'n' ? '\n' : character]),
);

interface Item {
  /** Lines of the item, comments removed, escapes masked. */
  lines: { line: number; text: string }[];
}

class ItemProblem extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

export function parseGift(source: string, options: GiftOptions): GiftResult {
  const questions: Question[] = [];
  const categories: GiftCategory[] = [];
  const problems: GiftProblem[] = [];
  let category: GiftCategory | null = null;
  let count = 0;

  for (const entry of readItems(source)) {
    if ('category' in entry) {
      if (entry.category === '') {
        problems.push({ line: entry.line, message: '$CATEGORY: needs a category path, e.g. $CATEGORY: tom/bones' });
        continue;
      }
      category = categories.find((known) => known.path === entry.category) ?? null;
      if (!category) {
        category = { path: entry.category, line: entry.line, questionIds: [] };
        categories.push(category);
      }
      continue;
    }
    count += 1;
    const id = `${options.idPrefix}-q${count}`;
    try {
      questions.push(parseItem(entry, id));
      category?.questionIds.push(id);
    } catch (error) {
      if (!(error instanceof ItemProblem)) throw error;
      problems.push({ line: error.line, message: error.message });
    }
  }
  return { questions, categories, problems };
}

/** Splits the file on blank lines, as Moodle does, dropping `//` comment lines and reading `$CATEGORY:` lines. */
function readItems(source: string): (Item | { category: string; line: number })[] {
  const entries: (Item | { category: string; line: number })[] = [];
  let current: Item | null = null;
  const lines = source.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  for (const [index, raw] of lines.entries()) {
    const line = index + 1;
    const text = mask(raw);
    if (text.trim() === '') {
      current = null;
      continue;
    }
    if (text.trimStart().startsWith('//')) continue;
    const category = CATEGORY_LINE.exec(text);
    if (category) {
      current = null;
      entries.push({ category: unmask(category[1]).trim(), line });
      continue;
    }
    if (!current) {
      current = { lines: [] };
      entries.push(current);
    }
    current.lines.push({ line, text });
  }
  return entries;
}

function mask(text: string): string {
  return text.replace(/\\([~=#{}:n])/g, (_match, character: string) => ESCAPE_MARK + ESCAPED[character]);
}

function unmask(text: string): string {
  return text.replace(/\uE000([\uE001-\uE007])/g, (_match, code: string) => UNESCAPED[code]);
}

function parseItem(item: Item, id: string): Question {
  const body = item.lines.map((entry) => entry.text).join('\n');
  const startLine = item.lines[0].line;
  const lineAt = (offset: number): number => {
    const newlines = body.slice(0, offset).split('\n').length - 1;
    return item.lines[newlines].line;
  };

  let start = body.length - body.trimStart().length;
  if (body.startsWith('::', start)) {
    const end = body.indexOf('::', start + 2);
    if (end === -1) throw new ItemProblem(startLine, 'the title is not closed: write ::Title:: before the question');
    start = end + 2;
  }
  // The text format only changes how Moodle renders the text; we keep the text as written.
  const format = TEXT_FORMAT.exec(body.slice(start).trimStart());
  if (format) start = body.indexOf(format[0], start) + format[0].length;

  const open = body.indexOf('{', start);
  if (open === -1) {
    throw new ItemProblem(startLine, 'description items (text without an answer block in braces) are not supported');
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

  const before = body.slice(start, open);
  const after = body.slice(close + 1);
  const text = unmask(questionText(before, after));
  if (text === '') throw new ItemProblem(startLine, 'the question has no text');

  let inner = body.slice(open + 1, close);
  let generalFeedback: string | undefined;
  const feedbackAt = inner.indexOf('####');
  if (feedbackAt !== -1) {
    generalFeedback = unmask(inner.slice(feedbackAt + 4).trim()) || undefined;
    inner = inner.slice(0, feedbackAt);
  }
  const base: QuestionBase = generalFeedback === undefined ? { id, text } : { id, text, generalFeedback };
  const block: Block = { inner, offset: open + 1, lineAt, id };
  const answers = inner.trim();

  if (answers === '') throw new ItemProblem(lineAt(open), 'essay questions ({} with no answers) are not supported');
  if (answers.startsWith('#')) return { ...base, type: 'numeric', answers: parseNumeric(block) };
  const trueFalse = /^(T|TRUE|F|FALSE)(?=#|$)/i.exec(answers);
  if (trueFalse) return { ...base, ...parseTrueFalse(block, trueFalse[1]) };
  if (answers.startsWith('=') && answers.includes('->'))
    return { ...base, type: 'matching', pairs: parseMatching(block) };
  if (answers.includes('~')) return { ...base, ...parseChoice(block) };
  if (answers.startsWith('=')) return { ...base, type: 'short-answer', answers: parseShortAnswer(block) };
  throw new ItemProblem(
    lineAt(open),
    'unknown question type: answers start with = (right) or ~ (wrong), or the block is {T}, {F}, {#number} or =a -> b pairs',
  );
}

/** Text after the braces makes a missing-word question: the braces become a blank inside the sentence. */
function questionText(before: string, after: string): string {
  if (after.trim() === '') return before.trim();
  const left = /\s$/.test(before) ? `${before.trimEnd()} ` : before;
  const right = /^\s/.test(after) ? ` ${after.trimStart()}` : after;
  return `${left}${GIFT_BLANK}${right}`.trim();
}

interface Block {
  /** The masked text between the braces, general feedback removed. */
  inner: string;
  /** Offset of `inner` in the item body. */
  offset: number;
  lineAt: (offset: number) => number;
  id: string;
}

interface RawAnswer {
  marker: '=' | '~';
  /** Percent, when written as %n%. */
  weight?: number;
  text: string;
  feedback?: string;
  line: number;
}

function splitAnswers(block: Block): RawAnswer[] {
  const { inner, offset, lineAt } = block;
  const first = inner.search(/[=~]/);
  if (first === -1 || inner.slice(0, first).trim() !== '') {
    const at = inner.length - inner.trimStart().length;
    throw new ItemProblem(lineAt(offset + at), 'every answer must start with = (right) or ~ (wrong)');
  }
  const answers: RawAnswer[] = [];
  const pattern = /[=~][^=~]*/g;
  for (let match = pattern.exec(inner); match; match = pattern.exec(inner)) {
    const line = lineAt(offset + match.index);
    let rest = match[0].slice(1).trimStart();
    let weight: number | undefined;
    const weightMatch = WEIGHT.exec(rest);
    if (weightMatch) {
      weight = Number(weightMatch[1]);
      if (weight < -100 || weight > 100) {
        throw new ItemProblem(line, `the weight ${weightMatch[0]} is outside -100% to 100%`);
      }
      rest = rest.slice(weightMatch[0].length);
    } else if (rest.startsWith('%')) {
      throw new ItemProblem(line, 'a weight is written %50% (a percent between -100 and 100, between two % signs)');
    }
    const hash = rest.indexOf('#');
    const text = unmask((hash === -1 ? rest : rest.slice(0, hash)).trim());
    const feedback = hash === -1 ? '' : unmask(rest.slice(hash + 1).trim());
    if (text === '') throw new ItemProblem(line, `an answer is empty after "${match[0][0]}"`);
    answers.push({
      marker: match[0][0] as '=' | '~',
      ...(weight === undefined ? {} : { weight }),
      text,
      ...(feedback === '' ? {} : { feedback }),
      line,
    });
  }
  return answers;
}

function withFeedback<T extends object>(value: T, feedback: string | undefined): T & { feedback?: string } {
  return feedback === undefined ? value : { ...value, feedback };
}

/**
 * Single choice when exactly one option is fully right and every other is plainly wrong; anything else (several
 * right options, partial or negative weights) is multiple response with fraction = percent / 100.
 */
function parseChoice(
  block: Block,
): Pick<SingleChoiceQuestion, 'type' | 'options'> | Pick<MultipleResponseQuestion, 'type' | 'options'> {
  const answers = splitAnswers(block);
  const firstLine = answers[0].line;
  if (answers.length < 2) throw new ItemProblem(firstLine, 'a multiple-choice question needs at least two options');
  const options: ChoiceOption[] = answers.map((answer, index) =>
    withFeedback(
      {
        id: `${block.id}-o${index + 1}`,
        text: answer.text,
        fraction: (answer.weight ?? (answer.marker === '=' ? 100 : 0)) / 100,
      },
      answer.feedback,
    ),
  );
  const positive = options.filter((option) => option.fraction > 0);
  if (positive.length === 0) {
    throw new ItemProblem(firstLine, 'no correct answer: mark the right option with = or give it a positive %weight%');
  }
  const plain = options.every((option) => option.fraction === 0 || option.fraction === 1);
  if (plain && positive.length === 1) return { type: 'single-choice', options };
  // Moodle's own examples give partial credit beside a full answer ({~wrong ~%50%half =full}), so a total above 100%
  // is allowed and left to scoring to cap; below 100% full marks would be out of reach.
  const total = positive.reduce((sum, option) => sum + option.fraction, 0);
  if (total < 1 - FRACTION_TOLERANCE) {
    throw new ItemProblem(
      firstLine,
      `the right options add up to ${Math.round(total * 10000) / 100}%: they must reach 100% for full marks to be possible`,
    );
  }
  return { type: 'multiple-response', options };
}

function parseShortAnswer(block: Block): ShortAnswer[] {
  const answers = splitAnswers(block);
  const wrong = answers.find((answer) => answer.marker === '~');
  if (wrong) throw new ItemProblem(wrong.line, 'a short-answer question accepts only = answers');
  requireFullMarks(answers);
  return answers.map((answer, index) =>
    withFeedback(
      { id: `${block.id}-a${index + 1}`, text: answer.text, fraction: (answer.weight ?? 100) / 100 },
      answer.feedback,
    ),
  );
}

function requireFullMarks(answers: { weight?: number; line: number }[]): void {
  if (!answers.some((answer) => (answer.weight ?? 100) === 100)) {
    throw new ItemProblem(answers[0].line, 'no correct answer: at least one answer must be worth 100%');
  }
}

function parseMatching(block: Block): MatchingPair[] {
  const answers = splitAnswers(block);
  const pairs = answers.map((answer, index): MatchingPair => {
    if (answer.marker !== '=' || answer.weight !== undefined || answer.feedback !== undefined) {
      throw new ItemProblem(
        answer.line,
        'a matching pair is written =prompt -> answer, without ~, weights or feedback',
      );
    }
    const arrow = answer.text.indexOf('->');
    if (arrow === -1) throw new ItemProblem(answer.line, `the pair "${answer.text}" has no "->"`);
    const prompt = answer.text.slice(0, arrow).trim();
    const match = answer.text.slice(arrow + 2).trim();
    if (prompt === '') {
      throw new ItemProblem(answer.line, 'matching pairs without a prompt (extra wrong answers) are not supported');
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

/** As in Moodle's importer, the first feedback is shown to a wrong answer and the second to a right one. */
function parseTrueFalse(
  block: Block,
  keyword: string,
): Pick<TrueFalseQuestion, 'type' | 'answer' | 'feedbackTrue' | 'feedbackFalse'> {
  const line = block.lineAt(block.offset + block.inner.search(/\S/));
  const parts = block.inner.trim().split('#');
  if (parts.length > 3)
    throw new ItemProblem(line, 'a true/false question takes at most two feedbacks: {T#wrong#right}');
  const answer = keyword.toUpperCase().startsWith('T');
  const wrongFeedback = unmask(parts[1]?.trim() ?? '') || undefined;
  const rightFeedback = unmask(parts[2]?.trim() ?? '') || undefined;
  const feedbackTrue = answer ? rightFeedback : wrongFeedback;
  const feedbackFalse = answer ? wrongFeedback : rightFeedback;
  return {
    type: 'true-false',
    answer,
    ...(feedbackTrue === undefined ? {} : { feedbackTrue }),
    ...(feedbackFalse === undefined ? {} : { feedbackFalse }),
  };
}

function parseNumeric(block: Block): NumericAnswer[] {
  const hash = block.inner.indexOf('#');
  const rest: Block = { ...block, inner: block.inner.slice(hash + 1), offset: block.offset + hash + 1 };
  if (/^\s*[=~]/.test(rest.inner)) {
    const answers = splitAnswers(rest);
    const wrong = answers.find((answer) => answer.marker === '~');
    if (wrong) throw new ItemProblem(wrong.line, 'numeric answers start with =, not ~');
    requireFullMarks(answers);
    return answers.map((answer, index) =>
      numericAnswer(
        `${block.id}-a${index + 1}`,
        answer.text,
        (answer.weight ?? 100) / 100,
        answer.feedback,
        answer.line,
      ),
    );
  }
  const line = block.lineAt(block.offset);
  const feedbackAt = rest.inner.indexOf('#');
  const value = unmask((feedbackAt === -1 ? rest.inner : rest.inner.slice(0, feedbackAt)).trim());
  const feedback = feedbackAt === -1 ? undefined : unmask(rest.inner.slice(feedbackAt + 1).trim()) || undefined;
  return [numericAnswer(`${block.id}-a1`, value, 1, feedback, line)];
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
  if (written === '')
    throw new ItemProblem(line, 'a numeric answer is empty: write {#value}, {#value:tolerance} or {#min..max}');
  const range = written.indexOf('..');
  if (range !== -1) {
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
