import { Injectable, Logger } from '@nestjs/common';
import type { RequestViewer } from '../../common/auth/viewer.js';
import { JobQueue } from '../../infra/queue/job-queue.service.js';
import { requestCertificateEvaluation } from '../certificates/certificate-evaluation.trigger.js';
import { CohortAccessService } from '../cohorts/cohort-access.service.js';
import { LearningService } from '../cohorts/learning.service.js';
import { ContentService } from '../content/content.service.js';
import { attemptDeadline } from './domain/attempt-policy.js';
import { quizSettingsOverrideSchema, type QuizSettingsOverride } from './domain/quiz-settings.js';
import { QuizAttemptsRepository, type Accommodation, type QuizKey } from './quiz-attempts.repository.js';
import { QuizAttemptsService, standingOf, type QuizContext } from './quiz-attempts.service.js';
import { QuizFormError, QuizNotFoundError, QuizStaffOnlyError } from './quizzes.errors.js';

const MAX_EXTRA_ATTEMPTS = 20;
const MAX_EXTRA_MINUTES = 24 * 60;

/** What trainers and admins of a cohort do with its quizzes: follow attempts, override, accommodate, configure. */
@Injectable()
export class QuizTrainerService {
  private readonly logger = new Logger(QuizTrainerService.name);

  constructor(
    private readonly access: CohortAccessService,
    private readonly learning: LearningService,
    private readonly content: ContentService,
    private readonly attempts: QuizAttemptsRepository,
    private readonly quizzes: QuizAttemptsService,
    private readonly jobs: JobQueue,
  ) {}

  /** Every quiz of the cohort with its settings in force and how far the cohort is. */
  async cohortQuizzes(viewer: RequestViewer | null | undefined, instituteSlug: string, cohortId: string) {
    const access = await this.access.resolve(viewer, instituteSlug, cohortId);
    if (!access.isStaff) throw new QuizStaffOnlyError();
    const course = await this.content.getCourseVersion(access.cohort.courseVersionId);
    const [participants, overrides, summary] = await Promise.all([
      this.learning.listParticipants(access.institute.id, access.cohort.id),
      this.attempts.listCohortSettings(access.institute.id, access.cohort.id),
      this.attempts.summarizeCohort(access.institute.id, access.cohort.id),
    ]);
    const quizzes = course.modules
      .filter((module) => module.quiz)
      .map((module) => ({
        module,
        changedForCohort: overrides.has(module.id),
        ...(summary.get(module.id) ?? { people: 0, submitted: 0, inProgress: 0, meanPercent: null }),
      }));
    return { access, course, participants: participants.length, quizzes };
  }

  async staffContext(
    viewer: RequestViewer | null | undefined,
    instituteSlug: string,
    cohortId: string,
    moduleId: string,
  ) {
    const context = await this.quizzes.quizContext(viewer, instituteSlug, cohortId, moduleId);
    if (!context.access.isStaff) throw new QuizStaffOnlyError();
    return context;
  }

  /** One quiz of the cohort: every participant, every attempt, the grade that counts and any override. */
  async quizDetail(context: QuizContext) {
    const { institute, cohort } = context.access;
    const [participants, attempts, accommodations, overrides, cohortSettings] = await Promise.all([
      this.learning.listParticipants(institute.id, cohort.id),
      this.attempts.listCohortAttempts(institute.id, cohort.id, context.module.id),
      this.attempts.listAccommodations(institute.id, cohort.id, context.module.id),
      this.attempts.latestOverrides(institute.id, cohort.id, context.module.id),
      this.attempts.findCohortSettings(institute.id, cohort.id, context.module.id),
    ]);
    const people = participants.map((person) => {
      const own = attempts.filter((attempt) => attempt.userId === person.userId);
      const override = overrides.get(person.userId) ?? null;
      return {
        userId: person.userId,
        fullName: person.fullName,
        email: person.email,
        attempts: own,
        standing: standingOf(own, context.settings, override?.percent ?? null),
        override,
        accommodation: accommodations.get(person.userId) ?? { extraAttempts: 0, extraMinutes: 0 },
      };
    });
    return { people, cohortSettings: cohortSettings ?? {} };
  }

  async overrideHistory(context: QuizContext, userId: string) {
    return this.attempts.listOverrides(this.keyFor(context, userId));
  }

  /**
   * Sets (or with a null percent, withdraws) the grade that counts for one participant. The reason is required
   * and kept; a grade that now passes completes the module.
   */
  async overrideGrade(context: QuizContext, actor: RequestViewer, userId: string, percentText: string, reason: string) {
    const trimmedReason = reason.trim();
    if (trimmedReason.length < 3) throw new QuizFormError('reason', 'Give the reason for the override.');
    const percent = percentText.trim() === '' ? null : Number(percentText.replace(',', '.'));
    if (percent !== null && (!Number.isFinite(percent) || percent < 0 || percent > 100))
      throw new QuizFormError('percent', 'The grade must be a percentage from 0 to 100, or empty to withdraw.');
    await this.ensureParticipant(context, userId);
    const key = this.keyFor(context, userId);
    await this.attempts.transaction(async (manager) => {
      await this.attempts.lockQuiz(manager, key);
      const before = await this.attempts.findOverride(key, manager);
      await this.attempts.appendOverride(
        manager,
        key,
        percent === null ? null : Math.round(percent * 100) / 100,
        trimmedReason,
        before?.percent ?? null,
        actor.userId,
      );
      const attempts = await this.attempts.listAttempts(key, manager);
      if (standingOf(attempts, context.settings, percent).passed)
        await this.learning.recordQuizPassed(manager, key.instituteId, key.cohortId, key.userId, key.moduleKey);
    });
    // A grade that counts changed: the participant's completion may have changed with it.
    await requestCertificateEvaluation(this.jobs, this.logger, [
      { instituteId: key.instituteId, cohortId: key.cohortId, userId: key.userId },
    ]);
  }

  /**
   * Extra attempts or minutes for one participant. An attempt in progress gets its deadline moved at once, with
   * a new close job; the old job finds the attempt not yet due and leaves it.
   */
  async accommodate(
    context: QuizContext,
    actor: RequestViewer,
    userId: string,
    extraAttemptsText: string,
    extraMinutesText: string,
    reason: string,
  ) {
    const accommodation: Accommodation = {
      extraAttempts: wholeNumber('extraAttempts', extraAttemptsText, MAX_EXTRA_ATTEMPTS),
      extraMinutes: wholeNumber('extraMinutes', extraMinutesText, MAX_EXTRA_MINUTES),
    };
    const trimmedReason = reason.trim();
    if (trimmedReason.length < 3) throw new QuizFormError('reason', 'Give the reason for the accommodation.');
    await this.ensureParticipant(context, userId);
    const key = this.keyFor(context, userId);
    const moved = await this.attempts.transaction(async (manager) => {
      await this.attempts.lockQuiz(manager, key);
      const before = await this.attempts.findAccommodation(key, manager);
      await this.attempts.saveAccommodation(manager, key, accommodation, before, actor.userId, trimmedReason);
      const open = (await this.attempts.listAttempts(key, manager)).find((entry) => entry.status === 'in-progress');
      if (!open || open.settings.timeLimitMinutes === null) return null;
      const deadlineAt = attemptDeadline(
        open.startedAt,
        open.settings.timeLimitMinutes,
        accommodation.extraMinutes,
        context.closesAt,
      );
      await this.attempts.setDeadline(manager, key.instituteId, open.id, deadlineAt);
      return { ...open, deadlineAt };
    });
    if (moved) await this.quizzes.scheduleClose(moved);
  }

  /** The cohort's own quiz settings; empty fields keep the course's value. */
  async saveSettings(context: QuizContext, actor: RequestViewer, fields: Record<string, unknown>) {
    const override = settingsFromForm(fields);
    const bank = await this.content.getQuestionBank(context.course, context.module.id);
    if (override.drawCount && bank && override.drawCount > bank.questions.length)
      throw new QuizFormError('drawCount', `The bank has only ${bank.questions.length} questions to draw from.`);
    await this.attempts.saveCohortSettings(
      context.access.institute.id,
      context.access.cohort.id,
      context.module.id,
      override,
      actor.userId,
    );
  }

  private async ensureParticipant(context: QuizContext, userId: string) {
    const participants = await this.learning.listParticipants(context.access.institute.id, context.access.cohort.id);
    if (!participants.some((person) => person.userId === userId)) throw new QuizNotFoundError(context.module.id);
  }

  private keyFor(context: QuizContext, userId: string): QuizKey {
    return {
      instituteId: context.access.institute.id,
      cohortId: context.access.cohort.id,
      moduleKey: context.module.id,
      userId,
    };
  }
}

function wholeNumber(field: string, text: string, max: number): number {
  const trimmed = text.trim() === '' ? '0' : text.trim();
  if (!/^\d+$/.test(trimmed) || Number(trimmed) > max)
    throw new QuizFormError(field, `${field} must be a whole number from 0 to ${max}.`);
  return Number(trimmed);
}

/** Reads the settings form: blank fields inherit, "unlimited"/"none" clear a limit. */
export function settingsFromForm(fields: Record<string, unknown>): QuizSettingsOverride {
  const text = (name: string) => (typeof fields[name] === 'string' ? fields[name].trim() : '');
  const raw: Record<string, unknown> = {};
  const numberOrNull = (name: string) => {
    const value = text(name);
    if (value === '') return;
    raw[name] = value === 'none' || value === 'unlimited' ? null : Number(value);
  };
  const boolean = (name: string) => {
    const value = text(name);
    if (value === 'yes' || value === 'no') raw[name] = value === 'yes';
  };
  numberOrNull('passMark');
  numberOrNull('attemptsAllowed');
  numberOrNull('timeLimitMinutes');
  numberOrNull('drawCount');
  if (text('grading')) raw.grading = text('grading');
  if (text('showAnswers')) raw.showAnswers = text('showAnswers');
  boolean('shuffleQuestions');
  boolean('shuffleOptions');
  if (raw.passMark === null) throw new QuizFormError('passMark', 'The pass mark cannot be "none".');
  const parsed = quizSettingsOverrideSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new QuizFormError(String(issue.path[0] ?? 'settings'), `${String(issue.path[0] ?? '')}: ${issue.message}`);
  }
  return parsed.data;
}
