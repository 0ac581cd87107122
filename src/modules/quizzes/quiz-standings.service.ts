import { Injectable } from '@nestjs/common';
import type { CourseVersionView } from '../content/content.views.js';
import { resolveQuizSettings } from './domain/quiz-settings.js';
import type { QuizStanding } from './domain/quiz-standing.js';
import { QuizAttemptsRepository } from './quiz-attempts.repository.js';
import { standingOf } from './quiz-attempts.service.js';

/** Where everyone of a cohort stands on each quiz, for the gradebook: module id → user id → standing. */
@Injectable()
export class QuizStandingsService {
  constructor(private readonly attempts: QuizAttemptsRepository) {}

  async cohortStandings(
    instituteId: string,
    cohortId: string,
    course: CourseVersionView,
  ): Promise<Map<string, Map<string, QuizStanding>>> {
    const cohortSettings = await this.attempts.listCohortSettings(instituteId, cohortId);
    const result = new Map<string, Map<string, QuizStanding>>();
    for (const module of course.modules) {
      if (!module.quiz) continue;
      const settings = resolveQuizSettings(module.quiz.settings, cohortSettings.get(module.id) ?? null);
      const [attempts, overrides] = await Promise.all([
        this.attempts.listCohortAttempts(instituteId, cohortId, module.id),
        this.attempts.latestOverrides(instituteId, cohortId, module.id),
      ]);
      const people = new Set([...attempts.map((attempt) => attempt.userId), ...overrides.keys()]);
      const standings = new Map<string, QuizStanding>();
      for (const userId of people)
        standings.set(
          userId,
          standingOf(
            attempts.filter((attempt) => attempt.userId === userId),
            settings,
            overrides.get(userId)?.percent ?? null,
          ),
        );
      result.set(module.id, standings);
    }
    return result;
  }

  /** Where one person stands on each quiz of the course (module id → standing): what a certificate check reads. */
  async participantStandings(
    instituteId: string,
    cohortId: string,
    userId: string,
    course: CourseVersionView,
  ): Promise<Map<string, QuizStanding>> {
    const [cohortSettings, attempts] = await Promise.all([
      this.attempts.listCohortSettings(instituteId, cohortId),
      this.attempts.listAttemptsOfPerson(instituteId, cohortId, userId),
    ]);
    const result = new Map<string, QuizStanding>();
    for (const module of course.modules) {
      if (!module.quiz) continue;
      const settings = resolveQuizSettings(module.quiz.settings, cohortSettings.get(module.id) ?? null);
      const override = await this.attempts.findOverride({ instituteId, cohortId, moduleKey: module.id, userId });
      result.set(
        module.id,
        standingOf(
          attempts.filter((attempt) => attempt.moduleKey === module.id),
          settings,
          override?.percent ?? null,
        ),
      );
    }
    return result;
  }
}
