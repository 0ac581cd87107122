import type { Question, Response } from './question.types.js';

const MAX_TEXT_LENGTH = 500;

export type ReadResponse = { ok: true; response: Response | null } | { ok: false; message: string };

/**
 * A response from a submitted form: `answer` (one value, or several for multiple response) or, for matching,
 * `match.<pair id>` per prompt. An empty form clears the answer. Anything not offered by the question is refused,
 * so a crafted request cannot store an option that does not exist.
 */
export function responseFromForm(question: Question, fields: Record<string, unknown>): ReadResponse {
  const values = (name: string): string[] => {
    const raw = fields[name];
    if (raw === undefined || raw === null) return [];
    return (Array.isArray(raw) ? raw : [raw]).map((value) => String(value));
  };
  const single = (name: string): string => values(name)[0]?.trim() ?? '';
  switch (question.type) {
    case 'single-choice': {
      const optionId = single('answer');
      return validate(question, { type: 'single-choice', optionId: optionId === '' ? null : optionId });
    }
    case 'multiple-response':
      return validate(question, { type: 'multiple-response', optionIds: values('answer').filter(Boolean) });
    case 'true-false': {
      const value = single('answer');
      return validate(question, { type: 'true-false', value: value === '' ? null : value === 'true' });
    }
    case 'numeric': {
      const text = single('answer');
      if (text === '') return { ok: true, response: { type: 'numeric', value: null } };
      const value = readNumber(text);
      if (value === null)
        return {
          ok: false,
          message: `"${text.slice(0, 40)}" is not a number we can read: write it like 1200 or 12.5`,
        };
      return { ok: true, response: { type: 'numeric', value } };
    }
    case 'short-answer':
      return validate(question, { type: 'short-answer', text: single('answer') });
    case 'matching': {
      const answers: Record<string, string> = {};
      for (const pair of question.pairs) answers[pair.id] = single(`match.${pair.id}`);
      return validate(question, { type: 'matching', answers });
    }
  }
}

/** Checks a response sent as JSON against the question it answers. */
export function validateResponse(question: Question, value: unknown): ReadResponse {
  if (value === null) return { ok: true, response: null };
  if (typeof value !== 'object' || Array.isArray(value)) return { ok: false, message: 'response must be an object' };
  const response = value as Record<string, unknown>;
  if (response.type !== question.type) return { ok: false, message: `response type must be ${question.type}` };
  switch (question.type) {
    case 'single-choice':
      if (response.optionId !== null && typeof response.optionId !== 'string')
        return { ok: false, message: 'optionId must be an option id or null' };
      return validate(question, { type: 'single-choice', optionId: response.optionId });
    case 'multiple-response':
      if (!Array.isArray(response.optionIds) || !response.optionIds.every((id) => typeof id === 'string'))
        return { ok: false, message: 'optionIds must be a list of option ids' };
      return validate(question, { type: 'multiple-response', optionIds: response.optionIds });
    case 'true-false':
      if (response.value !== null && typeof response.value !== 'boolean')
        return { ok: false, message: 'value must be true, false or null' };
      return validate(question, { type: 'true-false', value: response.value });
    case 'numeric':
      if (response.value !== null && (typeof response.value !== 'number' || !Number.isFinite(response.value)))
        return { ok: false, message: 'value must be a finite number or null' };
      return { ok: true, response: { type: 'numeric', value: response.value } };
    case 'short-answer':
      if (typeof response.text !== 'string') return { ok: false, message: 'text must be text' };
      return validate(question, { type: 'short-answer', text: response.text });
    case 'matching': {
      const given = response.answers;
      if (typeof given !== 'object' || given === null || Array.isArray(given))
        return { ok: false, message: 'answers must map pair ids to answers' };
      if (!Object.values(given).every((answer) => typeof answer === 'string'))
        return { ok: false, message: 'every matching answer must be text' };
      return validate(question, { type: 'matching', answers: given as Record<string, string> });
    }
  }
}

function validate(question: Question, response: Response): ReadResponse {
  switch (response.type) {
    case 'single-choice':
      if (response.optionId !== null && !optionIds(question).has(response.optionId))
        return { ok: false, message: `${response.optionId} is not an option of this question` };
      return { ok: true, response };
    case 'multiple-response': {
      const known = optionIds(question);
      const unknown = response.optionIds.find((id) => !known.has(id));
      if (unknown) return { ok: false, message: `${unknown} is not an option of this question` };
      return { ok: true, response: { type: 'multiple-response', optionIds: [...new Set(response.optionIds)] } };
    }
    case 'short-answer':
      if (response.text.length > MAX_TEXT_LENGTH)
        return { ok: false, message: `the answer is longer than ${MAX_TEXT_LENGTH} characters` };
      return { ok: true, response: { type: 'short-answer', text: response.text.trim() } };
    case 'matching': {
      if (question.type !== 'matching') return { ok: false, message: `response type must be ${question.type}` };
      const pairIds = new Set(question.pairs.map((pair) => pair.id));
      const choices = new Set(question.pairs.map((pair) => pair.answer));
      for (const [pairId, answer] of Object.entries(response.answers)) {
        if (!pairIds.has(pairId)) return { ok: false, message: `${pairId} is not a prompt of this question` };
        if (answer !== '' && !choices.has(answer))
          return { ok: false, message: `"${answer}" is not one of the choices` };
      }
      return { ok: true, response };
    }
    case 'true-false':
    case 'numeric':
      return { ok: true, response };
  }
}

function optionIds(question: Question): Set<string> {
  return new Set('options' in question ? question.options.map((option) => option.id) : []);
}

/**
 * Accepts 12.5, 12,5 (decimal comma), 1 200 and 1,200.5. A lone comma before exactly three digits (1,200) means
 * 1.2 to some and 1200 to others, so it is refused rather than guessed.
 */
export function readNumber(text: string): number | null {
  let normalized = text.trim().replace(/[\s\u00a0\u202f]/g, '');
  if (/^[-+]?\d{1,3},\d{3}$/.test(normalized)) return null;
  if (/^[-+]?\d+,\d+$/.test(normalized)) normalized = normalized.replace(',', '.');
  else if (/^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(normalized)) normalized = normalized.replace(/,/g, '');
  if (!/^[-+]?(\d+(\.\d*)?|\.\d+)(e[-+]?\d+)?$/i.test(normalized)) return null;
  const value = Number(normalized);
  return Number.isFinite(value) ? value : null;
}
