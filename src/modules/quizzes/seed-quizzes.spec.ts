import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { formatProblem } from '../content/domain/content.types.js';
import { parseQuizFile, type QuizFile } from './domain/quiz-file.js';

const COURSES = ['education-networks-clusters', 'school-resource-allocation'];

async function quizzesOf(course: string): Promise<{ moduleIds: string[]; quizzes: QuizFile[] }> {
  const dir = path.join('content', 'courses', course, 'modules');
  const names = (await readdir(dir)).sort();
  const moduleIds: string[] = [];
  const quizzes: QuizFile[] = [];
  for (const name of names.filter((entry) => entry.endsWith('.md'))) {
    const source = await readFile(path.join(dir, name), 'utf8');
    moduleIds.push(/^id: (.+)$/m.exec(source)![1].trim());
    const quizPath = path.join(dir, name.replace(/\.md$/, '.quiz.yaml'));
    const parsed = parseQuizFile(await readFile(quizPath, 'utf8'), quizPath);
    if (!parsed.ok) throw new Error(parsed.problems.map(formatProblem).join('\n'));
    quizzes.push(parsed.value);
  }
  return { moduleIds, quizzes };
}

describe('the seed courses’ module quizzes', () => {
  it.each(COURSES)(
    'should give every module of %s a valid bank of at least six questions of several kinds',
    async (course) => {
      const { moduleIds, quizzes } = await quizzesOf(course);
      expect(quizzes.map((quiz) => quiz.moduleId)).toEqual(moduleIds);
      for (const quiz of quizzes) {
        expect(quiz.questions.length).toBeGreaterThanOrEqual(6);
        expect(new Set(quiz.questions.map((question) => question.type)).size).toBeGreaterThanOrEqual(3);
        for (const question of quiz.questions) expect(question.generalFeedback).toBeTruthy();
      }
    },
  );

  it.each(COURSES)('should keep every question id of %s unique across the course', async (course) => {
    const { quizzes } = await quizzesOf(course);
    const ids = quizzes.flatMap((quiz) => quiz.questions.map((question) => question.id));
    expect(new Set(ids).size).toBe(ids.length);
  });
});
