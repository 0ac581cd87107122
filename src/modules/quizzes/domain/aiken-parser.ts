import type { ChoiceOption, SingleChoiceQuestion } from './question.types.js';

/**
 * Reads Moodle's Aiken format (question/format/aiken/format.php): question text, options `A. text` or `A) text`
 * (Moodle accepts them without the space too), then `ANSWER: B`. Every question is single choice, the only kind
 * Aiken can express. Like Moodle, blank lines may sit between the text and the options; unlike Moodle, the text may
 * run over several lines, a question that never gets its ANSWER line is reported rather than dropped, and an ANSWER
 * letter is matched against the options' own letters.
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
  /** Where each question starts, in the same order as `questions`. */
  sources: { questionId: string; line: number }[];
  problems: AikenProblem[];
}

const OPTION_LINE = /^([A-Z])[.)][ \t]*(.*)$/;
const ANSWER_LINE = /^ANSWER\s*:(.*)$/i;

interface Draft {
  id: string;
  startLine: number;
  text: string[];
  letters: string[];
  options: ChoiceOption[];
  /** A blank line came after the last line read. */
  blank: boolean;
  /** The first thing wrong with it; the question is still read to its end so the next one starts cleanly. */
  problem?: AikenProblem;
}

export function parseAiken(source: string, options: AikenOptions): AikenResult {
  const result: AikenResult = { questions: [], sources: [], problems: [] };
  let draft: Draft | null = null;
  let count = 0;
  const start = (line: number, text: string): Draft => {
    count += 1;
    return {
      id: `${options.idPrefix}-q${count}`,
      startLine: line,
      text: [text],
      letters: [],
      options: [],
      blank: false,
    };
  };
  const unfinished = (open: Draft) => {
    result.problems.push(
      open.problem ?? { line: open.startLine, message: 'no ANSWER line: end the question with e.g. ANSWER: B' },
    );
  };

  const lines = source.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  for (const [index, raw] of lines.entries()) {
    const line = index + 1;
    const text = raw.trim();
    if (text === '') {
      if (draft) draft.blank = true;
      continue;
    }
    const answer = ANSWER_LINE.exec(text);
    if (answer) {
      if (!draft) {
        result.problems.push({ line, message: 'an ANSWER line without a question before it' });
        continue;
      }
      const finished = finish(draft, answer[1].trim(), line);
      if ('message' in finished) result.problems.push(finished);
      else {
        result.questions.push(finished);
        result.sources.push({ questionId: finished.id, line: draft.startLine });
      }
      draft = null;
      continue;
    }
    const option = draft ? OPTION_LINE.exec(text) : null;
    if (draft && option) {
      addOption(draft, option[1], option[2].trim(), line);
      draft.blank = false;
      continue;
    }
    if (draft && draft.options.length === 0 && !draft.blank) {
      draft.text.push(text);
      continue;
    }
    // Any other line starts a new question, as in Moodle; the open one never got its ANSWER line.
    if (draft) {
      if (draft.options.length > 0 && !draft.blank && !draft.problem) {
        draft.problem = {
          line,
          message:
            `"${text}" is neither an option (A. text) nor the ANSWER: line; if a new question starts here, the one ` +
            `on line ${draft.startLine} has no ANSWER line`,
        };
      }
      unfinished(draft);
    }
    // The first line is always question text, even one that happens to read like an option ("A. Lincoln was…").
    draft = start(line, text);
  }
  if (draft) unfinished(draft);
  return result;
}

function addOption(draft: Draft, letter: string, text: string, line: number): void {
  if (draft.problem) return;
  if (draft.letters.includes(letter)) {
    draft.problem = { line, message: `the option letter ${letter} is used twice` };
    return;
  }
  if (text === '') {
    draft.problem = { line, message: `the option ${letter} is empty` };
    return;
  }
  draft.letters.push(letter);
  draft.options.push({ id: `${draft.id}-o${draft.options.length + 1}`, text, fraction: 0 });
}

function finish(draft: Draft, written: string, line: number): SingleChoiceQuestion | AikenProblem {
  if (draft.problem) return draft.problem;
  if (draft.options.length < 2) {
    return {
      line: draft.startLine,
      message: `a question needs at least 2 options, this one has ${draft.options.length}`,
    };
  }
  const answer = written.toUpperCase();
  if (!/^[A-Z]$/.test(answer)) {
    return { line, message: `ANSWER must be one option letter, e.g. ANSWER: B (found "${written}")` };
  }
  const right = draft.letters.indexOf(answer);
  if (right === -1) {
    return { line, message: `ANSWER: ${answer} names no option: the options are ${draft.letters.join(', ')}` };
  }
  const options = draft.options.map((option, index) => (index === right ? { ...option, fraction: 1 } : option));
  return { id: draft.id, type: 'single-choice', text: draft.text.join('\n'), options };
}
