import type { ChoiceOption, SingleChoiceQuestion } from './question.types.js';

/**
 * Reads Moodle's Aiken format: question text, options `A. text` or `A) text`, then `ANSWER: B`. Every question is
 * single choice, the only kind Aiken can express.
 */
export interface AikenOptions {
  /** Question ids are `${idPrefix}-q${n}`, n counting every question of the file from 1. */
  idPrefix: string;
}

export interface AikenProblem {
  /** 1-based line of the file: where the question starts, or the exact line when known. */
  line: number;
  message: string;
}

/** `questions` holds only the questions without problems; each bad one is in `problems` instead. */
export interface AikenResult {
  questions: SingleChoiceQuestion[];
  problems: AikenProblem[];
}

const OPTION_LINE = /^([A-Z])[.)](?:\s+(.*))?$/;
const ANSWER_LINE = /^ANSWER\s*:(.*)$/i;

interface Block {
  lines: { line: number; text: string }[];
  answer?: { line: number; value: string };
}

export function parseAiken(source: string, options: AikenOptions): AikenResult {
  const questions: SingleChoiceQuestion[] = [];
  const problems: AikenProblem[] = [];
  readBlocks(source).forEach((block, index) => {
    const result = parseBlock(block, `${options.idPrefix}-q${index + 1}`);
    if ('message' in result) problems.push(result);
    else questions.push(result);
  });
  return { questions, problems };
}

/**
 * A question ends at its ANSWER line or at a blank line. Moodle needs no blank line after ANSWER, so neither do we;
 * ending at a blank line too means a question that lost its ANSWER line does not swallow the next one.
 */
function readBlocks(source: string): Block[] {
  const blocks: Block[] = [];
  let current: Block | null = null;
  const lines = source.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  for (const [index, raw] of lines.entries()) {
    const text = raw.trim();
    if (text === '') {
      current = null;
      continue;
    }
    if (!current) {
      current = { lines: [] };
      blocks.push(current);
    }
    const answer = ANSWER_LINE.exec(text);
    if (answer && current.lines.length > 0) {
      current.answer = { line: index + 1, value: answer[1].trim() };
      current = null;
      continue;
    }
    current.lines.push({ line: index + 1, text });
  }
  return blocks;
}

function parseBlock(block: Block, id: string): SingleChoiceQuestion | AikenProblem {
  const startLine = block.lines[0].line;
  // The first line is always question text, even one that happens to read like an option ("A. Lincoln was…").
  let firstOption = block.lines.findIndex((entry, index) => index > 0 && OPTION_LINE.test(entry.text));
  if (firstOption === -1) firstOption = block.lines.length;
  const text = block.lines
    .slice(0, firstOption)
    .map((entry) => entry.text)
    .join('\n');

  const letters: string[] = [];
  const choices: ChoiceOption[] = [];
  for (const entry of block.lines.slice(firstOption)) {
    const option = OPTION_LINE.exec(entry.text);
    if (!option) {
      return { line: entry.line, message: `"${entry.text}" is neither an option (A. text) nor the ANSWER: line` };
    }
    const [, letter, optionText = ''] = option;
    if (letters.includes(letter)) return { line: entry.line, message: `the option letter ${letter} is used twice` };
    if (optionText.trim() === '') return { line: entry.line, message: `the option ${letter} is empty` };
    letters.push(letter);
    choices.push({ id: `${id}-o${choices.length + 1}`, text: optionText.trim(), fraction: 0 });
  }

  if (!block.answer) return { line: startLine, message: 'no ANSWER line: end the question with e.g. ANSWER: B' };
  if (choices.length < 2) {
    return { line: startLine, message: `a question needs at least 2 options, this one has ${choices.length}` };
  }
  const answer = block.answer.value.toUpperCase();
  if (!/^[A-Z]$/.test(answer)) {
    return {
      line: block.answer.line,
      message: `ANSWER must be one option letter, e.g. ANSWER: B (found "${block.answer.value}")`,
    };
  }
  const right = letters.indexOf(answer);
  if (right === -1) {
    return {
      line: block.answer.line,
      message: `ANSWER: ${answer} names no option: the options are ${letters.join(', ')}`,
    };
  }
  choices[right].fraction = 1;
  return { id, type: 'single-choice', text, options: choices };
}
