import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { seedDemo } from '../../src/database/seeds/demo-seed.js';
import { AuditRepository } from '../../src/modules/audit/audit.repository.js';
import { DEFAULT_QUIZ_SETTINGS } from '../../src/modules/quizzes/domain/quiz-settings.js';
import { QuizAttemptsRepository, type QuizKey } from '../../src/modules/quizzes/quiz-attempts.repository.js';
import { createDatabaseWithCourses } from '../support/seeded-database.js';

describe('quiz attempts in PostgreSQL: two tabs at once', () => {
  let closeDatabase: () => Promise<void>;
  let dataSource: DataSource;
  let attempts: QuizAttemptsRepository;
  let key: QuizKey;
  let courseModuleId: string;
  let questionKeys: string[];

  beforeAll(async () => {
    ({ dataSource, close: closeDatabase } = await createDatabaseWithCourses());
    await seedDemo(dataSource);
    attempts = new QuizAttemptsRepository(dataSource, new AuditRepository());
    const [row] = await dataSource.query<
      { institute_id: string; cohort_id: string; user_id: string; module_id: string }[]
    >(
      `SELECT c.institute_id, c.id AS cohort_id, e.user_id, m.id AS module_id
       FROM cohorts c JOIN institutes i ON i.id = c.institute_id AND i.slug = 'np-cept'
       JOIN enrolments e ON e.cohort_id = c.id JOIN users u ON u.id = e.user_id AND u.email LIKE 'participant2@%'
       JOIN course_modules m ON m.course_version_id = c.course_version_id AND m.module_key = 'res-m01'`,
    );
    key = { instituteId: row.institute_id, cohortId: row.cohort_id, moduleKey: 'res-m01', userId: row.user_id };
    courseModuleId = row.module_id;
    questionKeys = (
      await dataSource.query<{ question_key: string }[]>(
        `SELECT question_key FROM quiz_questions WHERE module_id = $1 ORDER BY position`,
        [courseModuleId],
      )
    ).map((entry) => entry.question_key);
  });

  afterAll(async () => {
    await closeDatabase();
  });

  const start = () =>
    attempts.transaction(async (manager) => {
      await attempts.lockQuiz(manager, key);
      const open = (await attempts.listAttempts(key, manager)).find((entry) => entry.status === 'in-progress');
      if (open) return open;
      return attempts.insertAttempt(manager, key, {
        id: randomUUID(),
        courseModuleId,
        questionKeys,
        settings: DEFAULT_QUIZ_SETTINGS,
        startedAt: new Date(),
        deadlineAt: null,
      });
    });

  const grade = (attemptId: string) =>
    attempts.transaction(async (manager) => {
      const attempt = (await attempts.lockAttempt(manager, key.instituteId, attemptId))!;
      if (attempt.status === 'submitted') return { attempt, graded: false };
      const saved = await attempts.listResponses(attempt.id, manager);
      const graded = await attempts.recordGrading(
        manager,
        attempt,
        {
          responses: questionKeys.map((questionKey) => ({
            questionKey,
            fraction: saved.some((entry) => entry.questionKey === questionKey) ? 1 : 0,
            points: saved.some((entry) => entry.questionKey === questionKey) ? 1 : 0,
            maxPoints: 1,
          })),
          score: saved.length,
          maxScore: questionKeys.length,
          percent: Math.round((saved.length / questionKeys.length) * 10000) / 100,
        },
        'participant',
        new Date(),
        key.userId,
      );
      return { attempt: graded, graded: true };
    });

  it('should give two tabs pressing start at once the same attempt', async () => {
    const [one, two] = await Promise.all([start(), start()]);
    expect(one.id).toBe(two.id);
    const open = await dataSource.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM quiz_attempts WHERE user_id = $1 AND status = 'in-progress'`,
      [key.userId],
    );
    expect(open[0].count).toBe(1);
  });

  it('should never let an answer land after grading, and grade two simultaneous submits once', async () => {
    const attempt = await start();
    const response = (n: number) => ({ type: 'short-answer' as const, text: `answer ${n}` });
    // Two tabs answer every question while both submit: each save either lands before the grade or is refused.
    const save = async (questionKey: string, n: number) =>
      (await attempts.saveResponse(key, attempt.id, questionKey, response(n), new Date())).outcome;
    const saves = questionKeys.flatMap((questionKey, index) => [
      save(questionKey, index),
      save(questionKey, index + 100),
    ]);
    const [outcomes, submits] = await Promise.all([
      Promise.all(saves),
      Promise.all([grade(attempt.id), grade(attempt.id)]),
    ]);
    expect(submits.filter((entry) => entry.graded)).toHaveLength(1);
    expect(submits[0].attempt.percent).toBe(submits[1].attempt.percent);
    expect(outcomes.every((outcome) => outcome === 'saved' || outcome === 'closed')).toBe(true);

    const rows = await attempts.listResponses(attempt.id);
    // Every drawn question is graded, and every answer acknowledged as saved is the one graded.
    expect(rows).toHaveLength(questionKeys.length);
    expect(rows.every((row) => row.fraction !== null)).toBe(true);
    const answered = rows.filter((row) => row.response !== null).length;
    expect(submits[0].attempt.percent).toBeCloseTo((answered / questionKeys.length) * 100, 2);
    const acknowledged = questionKeys.filter(
      (_, index) => outcomes[2 * index] === 'saved' || outcomes[2 * index + 1] === 'saved',
    ).length;
    expect(answered).toBe(acknowledged);

    // After grading the database itself refuses changes.
    await expect(
      dataSource.query(`UPDATE quiz_responses SET response = NULL WHERE attempt_id = $1`, [attempt.id]),
    ).rejects.toThrow(/cannot change/);
    await expect(
      dataSource.query(`UPDATE quiz_attempts SET percent = 100 WHERE id = $1`, [attempt.id]),
    ).rejects.toThrow(/graded and cannot change/);
    await expect(dataSource.query(`DELETE FROM quiz_attempts WHERE id = $1`, [attempt.id])).rejects.toThrow(
      /never deleted/,
    );
    expect(await attempts.saveResponse(key, attempt.id, questionKeys[0], response(1), new Date())).toMatchObject({
      outcome: 'closed',
      attempt: { id: attempt.id, status: 'submitted' },
    });
  });

  it("should refuse a save for someone else's attempt, another cohort or module, or a question not drawn", async () => {
    const attempt = await start();
    const refused = async (changed: Partial<QuizKey>, questionKey = questionKeys[0]) =>
      (await attempts.saveResponse({ ...key, ...changed }, attempt.id, questionKey, null, new Date())).outcome;
    expect(await refused({ userId: randomUUID() })).toBe('missing');
    expect(await refused({ instituteId: randomUUID() })).toBe('missing');
    expect(await refused({ cohortId: randomUUID() })).toBe('missing');
    expect(await refused({ moduleKey: 'res-m02' })).toBe('missing');
    expect(await refused({}, 'not-drawn')).toBe('missing');
    const saved = await attempts.saveResponse(key, attempt.id, questionKeys[0], null, new Date());
    expect(saved).toMatchObject({ outcome: 'saved', attempt: { id: attempt.id, questionKeys } });
  });
});
