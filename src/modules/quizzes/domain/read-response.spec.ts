import { describe, expect, it } from '@jest/globals';
import type { Question } from './question.types.js';
import { readNumber, responseFromForm, validateResponse } from './read-response.js';

const single: Question = {
  id: 'q1',
  type: 'single-choice',
  text: 'Pick',
  options: [
    { id: 'q1-a', text: 'A', fraction: 1 },
    { id: 'q1-b', text: 'B', fraction: 0 },
  ],
};
const multiple: Question = { ...single, id: 'q2', type: 'multiple-response' };
const matching: Question = {
  id: 'q3',
  type: 'matching',
  text: 'Match',
  pairs: [
    { id: 'p1', prompt: 'One', answer: 'Un' },
    { id: 'p2', prompt: 'Two', answer: 'Deux' },
    { id: 'p3', prompt: 'Three', answer: 'Trois' },
  ],
};
const numeric: Question = {
  id: 'q4',
  type: 'numeric',
  text: 'How many?',
  answers: [{ id: 'n', value: 3, fraction: 1 }],
};

describe('responseFromForm', () => {
  it('should read a chosen option, and an empty form as no answer', () => {
    expect(responseFromForm(single, { answer: 'q1-b' })).toEqual({
      ok: true,
      response: { type: 'single-choice', optionId: 'q1-b' },
    });
    expect(responseFromForm(single, {})).toEqual({ ok: true, response: { type: 'single-choice', optionId: null } });
  });

  it('should refuse an option the question does not offer', () => {
    expect(responseFromForm(single, { answer: 'q9-z' })).toEqual({
      ok: false,
      message: 'q9-z is not an option of this question',
    });
  });

  it('should read repeated checkbox values once each', () => {
    expect(responseFromForm(multiple, { answer: ['q1-a', 'q1-b', 'q1-a'] })).toEqual({
      ok: true,
      response: { type: 'multiple-response', optionIds: ['q1-a', 'q1-b'] },
    });
  });

  it('should read one select per matching prompt and refuse an answer that is not a choice', () => {
    expect(responseFromForm(matching, { 'match.p1': 'Un', 'match.p2': '' })).toEqual({
      ok: true,
      response: { type: 'matching', answers: { p1: 'Un', p2: '', p3: '' } },
    });
    expect(responseFromForm(matching, { 'match.p1': 'Uno' })).toEqual({
      ok: false,
      message: '"Uno" is not one of the choices',
    });
  });

  it('should read decimal commas and refuse an ambiguous or non-numeric answer, saying how to write it', () => {
    expect(responseFromForm(numeric, { answer: '2,5' })).toEqual({
      ok: true,
      response: { type: 'numeric', value: 2.5 },
    });
    const ambiguous = responseFromForm(numeric, { answer: '1,200' });
    expect(ambiguous).toEqual({
      ok: false,
      message: '"1,200" is not a number we can read: write it like 1200 or 12.5',
    });
  });
});

describe('validateResponse', () => {
  it('should refuse a response of another question type or shape', () => {
    expect(validateResponse(single, { type: 'true-false', value: true })).toEqual({
      ok: false,
      message: 'response type must be single-choice',
    });
    expect(validateResponse(numeric, { type: 'numeric', value: 'three' })).toEqual({
      ok: false,
      message: 'value must be a finite number or null',
    });
    expect(validateResponse(single, null)).toEqual({ ok: true, response: null });
  });
});

describe('readNumber', () => {
  it.each([
    ['12.5', 12.5],
    ['-3', -3],
    ['1 200', 1200],
    ['1,200.5', 1200.5],
    ['0,75', 0.75],
    ['1e3', 1000],
    ['1,200', null],
    ['12.5.1', null],
    ['twelve', null],
    ['', null],
  ])('should read %p as %p', (text, expected) => {
    expect(readNumber(text)).toBe(expected);
  });
});
