import { readFileSync } from 'node:fs';
import type { HttpSession } from './http-session.js';
import { querySql } from './test-sql.js';

interface Definition {
  type: string;
  options?: { id: string; fraction: number }[];
  answer?: boolean;
  answers?: { value?: number; min?: number; max?: number; text?: string; fraction: number }[];
  pairs?: { id: string; answer: string }[];
}

/** A response that earns full marks, built from the question as stored (what a perfect participant would send). */
export function rightResponse(definition: Definition): unknown {
  switch (definition.type) {
    case 'single-choice':
      return { type: 'single-choice', optionId: definition.options!.find((option) => option.fraction === 1)!.id };
    case 'multiple-response':
      return {
        type: 'multiple-response',
        optionIds: definition.options!.filter((option) => option.fraction > 0).map((option) => option.id),
      };
    case 'true-false':
      return { type: 'true-false', value: definition.answer };
    case 'numeric': {
      const best = definition.answers!.find((answer) => answer.fraction === 1)!;
      return { type: 'numeric', value: best.value ?? (best.min! + best.max!) / 2 };
    }
    case 'short-answer':
      return {
        type: 'short-answer',
        text: definition.answers!.find((answer) => answer.fraction === 1)!.text!.replace(/\*/g, 'x'),
      };
    case 'matching':
      return {
        type: 'matching',
        answers: Object.fromEntries(definition.pairs!.map((pair) => [pair.id, pair.answer])),
      };
    default:
      throw new Error(`no right response for ${definition.type}`);
  }
}

/** The stored definitions of a module's questions in a cohort's course version, by question key. */
export async function questionDefinitions(databaseUrl: string, cohortId: string, moduleKey: string) {
  const rows = await querySql<{ question_key: string; definition: Definition }>(
    databaseUrl,
    `SELECT q.question_key, q.definition FROM quiz_questions q
     JOIN course_modules m ON m.id = q.module_id JOIN cohorts c ON c.course_version_id = m.course_version_id
     WHERE c.id = $1 AND m.module_key = $2`,
    [cohortId, moduleKey],
  );
  return new Map(rows.map((row) => [row.question_key, row.definition]));
}

export async function csrfToken(session: HttpSession): Promise<string> {
  return ((await (await session.get('/api/session')).json()) as { csrfToken: string }).csrfToken;
}

/** Starts an attempt through the API, answers every question right and submits it; returns the submit body. */
export async function passQuizThroughApi(
  session: HttpSession,
  databaseUrl: string,
  institute: string,
  cohortId: string,
  moduleKey: string,
) {
  const base = `/api/institutes/${institute}/cohorts/${cohortId}/modules/${moduleKey}/quiz`;
  const token = await csrfToken(session);
  const headers = { 'x-csrf-token': token, 'content-type': 'application/json' };
  const started = (await (await session.request('POST', `${base}/attempts`, '{}', headers)).json()) as {
    attempt: { id: string };
    questions: { key: string }[];
  };
  const definitions = await questionDefinitions(databaseUrl, cohortId, moduleKey);
  for (const question of started.questions) {
    const saved = await session.request(
      'PUT',
      `${base}/attempts/${started.attempt.id}/responses/${question.key}`,
      JSON.stringify({ response: rightResponse(definitions.get(question.key)!) }),
      headers,
    );
    if (saved.status !== 200) throw new Error(`saving ${question.key}: ${saved.status} ${await saved.text()}`);
  }
  const submitted = await session.request('POST', `${base}/attempts/${started.attempt.id}/submit`, '{}', headers);
  if (submitted.status !== 200) throw new Error(`submitting: ${submitted.status} ${await submitted.text()}`);
  return (await submitted.json()) as { attempt: { id: string; percent: number; passed: boolean } };
}

/** How many questions a seed quiz file holds (questions are the list items at two spaces), read from content/. */
export function seedQuestionCount(courseSlug: string, moduleFile: string): number {
  const source = readFileSync(`content/courses/${courseSlug}/modules/${moduleFile}.quiz.yaml`, 'utf8');
  return source.match(/^ {2}- id: /gm)?.length ?? 0;
}
