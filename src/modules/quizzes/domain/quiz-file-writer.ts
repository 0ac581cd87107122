import { createHash } from 'node:crypto';
import { Document, isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import type { ContentProblem } from '../../content/domain/content.types.js';
import type { Question } from './question.types.js';
import { parseQuizFile } from './quiz-file.js';

/**
 * Writes imported questions into a module's quiz file (`NN-name.quiz.yaml`), the source of truth that is then
 * reviewed in git and imported like any content. Ids are derived, never random, so importing the same GIFT file
 * again gives the same ids and replaces those questions instead of adding copies.
 */
export type QuizMergeMode = 'append' | 'replace';

export interface ImportedQuestion {
  /** Its ids are replaced by stable ones. */
  question: Question;
  /** A name from the source (Moodle's id number or the GIFT ::title::): the question id is derived from it. */
  name?: string;
}

export interface QuizFileChanges {
  /** New question ids, appended at the end. */
  added: string[];
  /** Ids already in the file whose question was replaced in place. */
  replaced: string[];
  /** Ids of the file dropped by a replace. */
  removed: string[];
  /** Ids of the file left as they were. */
  kept: string[];
}

export type QuizFileWriteResult =
  | { ok: true; source: string; questions: Question[]; changes: QuizFileChanges }
  | { ok: false; problems: ContentProblem[] };

export interface QuizFileWriteInput {
  moduleId: string;
  questions: ImportedQuestion[];
  /** `append` (default) keeps the file's questions; `replace` makes the bank exactly the imported questions. */
  mode?: QuizMergeMode;
  /** The module's current quiz file, if it has one: its settings, comments and other questions are kept. */
  existing?: string | null;
  /** Path named in problems. */
  file: string;
}

const MAX_ID_LENGTH = 80;
// Room for a "-2" on a repeated id and a "-aa" on the 27th option, within MAX_ID_LENGTH.
const MAX_QUESTION_ID_LENGTH = MAX_ID_LENGTH - 6;
const HASH_LENGTH = 8;

export function writeQuizFile(input: QuizFileWriteInput): QuizFileWriteResult {
  const { moduleId, file } = input;
  const mode = input.mode ?? 'append';
  if (`${moduleId}-q-`.length + HASH_LENGTH > MAX_QUESTION_ID_LENGTH) {
    return problem(file, 1, `the module id ${moduleId} is too long to derive question ids from it`);
  }
  const questions = assignQuestionIds(moduleId, input.questions);
  const existing = input.existing ?? null;

  let document: Document;
  let existingIds: string[] = [];
  if (existing === null) {
    document = new Document({ module: moduleId, questions: [] });
  } else if (mode === 'append') {
    // Questions are kept as they are, so they must be valid: a broken file is fixed by hand first (or replaced).
    const parsed = parseQuizFile(existing, file);
    if (!parsed.ok) return { ok: false, problems: parsed.problems };
    if (parsed.value.moduleId !== moduleId) return wrongModule(file, existing, parsed.value.moduleId, moduleId);
    document = parseDocument(existing);
    existingIds = parsed.value.questions.map((question) => question.id);
  } else {
    document = parseDocument(existing, { uniqueKeys: true });
    if (document.errors.length > 0 || !isMap(document.contents)) {
      return problem(
        file,
        1,
        `invalid YAML, so the file cannot be replaced safely: ${document.errors[0]?.message ?? 'not a map'}`,
      );
    }
    const module: unknown = document.get('module');
    if (typeof module === 'string' && module !== moduleId) return wrongModule(file, existing, module, moduleId);
    document.set('module', moduleId);
    existingIds = idsOf(document.get('questions', true));
  }

  const changes: QuizFileChanges = { added: [], replaced: [], removed: [], kept: [] };
  if (mode === 'replace' || existing === null) {
    document.set('questions', document.createNode(questions.map(toYaml)));
    const imported = new Set(questions.map((question) => question.id));
    changes.added = questions.map((question) => question.id).filter((id) => !existingIds.includes(id));
    changes.replaced = questions.map((question) => question.id).filter((id) => existingIds.includes(id));
    changes.removed = existingIds.filter((id) => !imported.has(id));
  } else {
    const sequence = document.get('questions', true);
    if (!isSeq(sequence)) return problem(file, 1, 'questions must be a list');
    for (const question of questions) {
      const node = document.createNode(toYaml(question));
      const at = existingIds.indexOf(question.id);
      if (at === -1) {
        sequence.items.push(node);
        changes.added.push(question.id);
      } else {
        sequence.items[at] = node;
        changes.replaced.push(question.id);
      }
    }
    changes.kept = existingIds.filter((id) => !changes.replaced.includes(id));
  }

  // lineWidth 0: one text per line, so a later edit is a one-line diff (hand-written files keep their layout).
  const source = document.toString({ lineWidth: 0 });
  const check = parseQuizFile(source, file);
  if (!check.ok) return { ok: false, problems: check.problems };
  return { ok: true, source, questions, changes };
}

/**
 * `<module id>-q-<slug of the name>`, or `<module id>-q-<hash of the content>` for a nameless question; a repeat in
 * the same import gets `-2`, `-3`… Options, answers and pairs are `<question id>-a`, `-b`…, in their order.
 */
export function assignQuestionIds(moduleId: string, imported: ImportedQuestion[]): Question[] {
  const used = new Set<string>();
  return imported.map(({ question, name }) => {
    const base = truncateId(`${moduleId}-q-${(name && slugOf(name)) || contentHash(question)}`);
    let id = base;
    for (let repeat = 2; used.has(id); repeat++) id = `${base}-${repeat}`;
    used.add(id);
    return withIds(question, id);
  });
}

function withIds(question: Question, id: string): Question {
  const child = (index: number) => `${id}-${letters(index)}`;
  switch (question.type) {
    case 'single-choice':
    case 'multiple-response':
      return { ...question, id, options: question.options.map((option, index) => ({ ...option, id: child(index) })) };
    case 'numeric':
      return { ...question, id, answers: question.answers.map((answer, index) => ({ ...answer, id: child(index) })) };
    case 'short-answer':
      return { ...question, id, answers: question.answers.map((answer, index) => ({ ...answer, id: child(index) })) };
    case 'matching':
      return { ...question, id, pairs: question.pairs.map((pair, index) => ({ ...pair, id: child(index) })) };
    case 'true-false':
      return { ...question, id };
  }
}

/** a, b, … z, aa, ab, …: spreadsheet column names in lower case. */
function letters(index: number): string {
  let name = '';
  for (let rest = index + 1; rest > 0; rest = Math.floor((rest - 1) / 26)) {
    name = String.fromCharCode(97 + ((rest - 1) % 26)) + name;
  }
  return name;
}

export function slugOf(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function truncateId(id: string): string {
  return id.length <= MAX_QUESTION_ID_LENGTH ? id : id.slice(0, MAX_QUESTION_ID_LENGTH).replace(/-+$/, '');
}

/** A short hash of what the question says, not of its ids: the same question text always gives the same id. */
function contentHash(question: Question): string {
  const content = JSON.stringify(question, (key, value: unknown) => (key === 'id' ? undefined : value));
  return createHash('sha256').update(content).digest('hex').slice(0, HASH_LENGTH);
}

/** The question as it reads in a quiz file: id, type and text first, feedback last, nothing undefined. */
function toYaml(question: Question): Record<string, unknown> {
  const head = { id: question.id, type: question.type, text: question.text };
  const tail = { generalFeedback: question.generalFeedback, points: question.points };
  switch (question.type) {
    case 'single-choice':
    case 'multiple-response':
      return defined({
        ...head,
        options: question.options.map((option) =>
          defined({ id: option.id, text: option.text, fraction: option.fraction, feedback: option.feedback }),
        ),
        ...tail,
      });
    case 'true-false':
      return defined({
        ...head,
        answer: question.answer,
        feedbackTrue: question.feedbackTrue,
        feedbackFalse: question.feedbackFalse,
        ...tail,
      });
    case 'numeric':
      return defined({
        ...head,
        answers: question.answers.map((answer) =>
          defined({
            id: answer.id,
            value: answer.value,
            tolerance: answer.tolerance,
            min: answer.min,
            max: answer.max,
            fraction: answer.fraction,
            feedback: answer.feedback,
          }),
        ),
        ...tail,
      });
    case 'short-answer':
      return defined({
        ...head,
        answers: question.answers.map((answer) =>
          defined({ id: answer.id, text: answer.text, fraction: answer.fraction, feedback: answer.feedback }),
        ),
        ...tail,
      });
    case 'matching':
      return defined({
        ...head,
        pairs: question.pairs.map((pair) => ({ id: pair.id, prompt: pair.prompt, answer: pair.answer })),
        ...tail,
      });
  }
}

function defined(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined));
}

function idsOf(node: unknown): string[] {
  if (!isSeq(node)) return [];
  return node.items.flatMap((item) => {
    const id = isMap(item) ? (item.get('id', true) as Node | undefined) : undefined;
    return isScalar(id) && typeof id.value === 'string' ? [id.value] : [];
  });
}

function wrongModule(file: string, source: string, found: string, expected: string): QuizFileWriteResult {
  const line = source.split(/\r?\n/).findIndex((entry) => entry.startsWith('module:')) + 1 || 1;
  return problem(file, line, `this quiz file belongs to module ${found}, not ${expected}`);
}

function problem(file: string, line: number, message: string): QuizFileWriteResult {
  return { ok: false, problems: [{ file, line, message }] };
}
