import { CopyOverlayService } from '../localization/copy-overlay.service.js';
import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { isUuid } from '../../common/ids.js';
import type { RequestViewer } from '../../common/auth/viewer.js';
import { requestCertificateEvaluation } from '../certificates/certificate-evaluation.trigger.js';
import { JobQueue } from '../../infra/queue/job-queue.service.js';
import { CohortAccessService, type CohortAccess } from '../cohorts/cohort-access.service.js';
import { NotEnrolledError } from '../cohorts/cohorts.errors.js';
import { LearningService } from '../cohorts/learning.service.js';
import { ContentService } from '../content/content.service.js';
import type { BankQuestion, CourseVersionView, ModuleSummary, QuestionBank } from '../content/content.views.js';
import { attemptDeadline, canStartAttempt, drawQuestions, seededShuffle } from './domain/attempt-policy.js';
import { presentQuestion, reviewQuestion, type QuestionReview, type QuestionView } from './domain/attempt-view.js';
import type { Response } from './domain/question.types.js';
import { resolveQuizSettings, type QuizSettings } from './domain/quiz-settings.js';
import { mayRevealAnswers, quizStanding, type QuizStanding } from './domain/quiz-standing.js';
import { responseFromForm, validateResponse, type ReadResponse } from './domain/read-response.js';
import { scoreAttempt } from './domain/score-question.js';
import type { AttemptClosedBy } from './entities/quiz-attempt.entity.js';
import { QuizAttemptsRepository, type AttemptRecord, type QuizKey } from './quiz-attempts.repository.js';
import {
  AttemptClosedError,
  AttemptNotFoundError,
  AttemptRefusedError,
  InvalidResponseError,
  QuestionNotInAttemptError,
  QuizNotFoundError,
} from './quizzes.errors.js';

/** A cohort's quiz module as one viewer may use it: enough to act on an attempt, which carries its own settings. */
export interface QuizModuleContext {
  access: CohortAccess;
  course: CourseVersionView;
  module: ModuleSummary;
  /** The cohort's end: answers may be revealed after it under `after-close`, and no attempt runs past it. */
  closesAt: Date;
}

/** With the settings in force for the cohort: for overviews, starting an attempt and staff pages. */
export interface QuizContext extends QuizModuleContext {
  settings: QuizSettings;
}

export interface AttemptView {
  attempt: AttemptRecord;
  questions: QuestionView[];
}

export interface AttemptReview {
  attempt: AttemptRecord;
  revealed: boolean;
  questions: QuestionReview[];
}

// A close job may fire a moment before the deadline it was set for; it still closes the attempt.
const CLOSE_EARLY_TOLERANCE_MS = 2_000;

@Injectable()
export class QuizAttemptsService {
  private readonly logger = new Logger(QuizAttemptsService.name);

  constructor(
    private readonly access: CohortAccessService,
    private readonly learning: LearningService,
    private readonly content: ContentService,
    private readonly attempts: QuizAttemptsRepository,
    private readonly jobs: JobQueue,
    private readonly overlay: CopyOverlayService,
  ) {}

  /** The bank as shown: a cohort on a localized copy reads its text; scoring keeps the master definitions. */
  private async shownBank(context: QuizModuleContext, bank: QuestionBank): Promise<QuestionBank> {
    const text = await this.overlay.forCohort(context.access.cohort);
    return text ? this.overlay.overlayBank(text, context.module.id, bank) : bank;
  }

  /** Resolves the cohort, the module (open for participants) and the settings in force for this cohort. */
  async quizContext(
    viewer: RequestViewer | null | undefined,
    instituteSlug: string,
    cohortId: string,
    moduleId: string,
    now = new Date(),
  ): Promise<QuizContext> {
    const context = await this.moduleContext(viewer, instituteSlug, cohortId, moduleId, now);
    const cohortSettings = await this.attempts.findCohortSettings(
      context.access.institute.id,
      context.access.cohort.id,
      context.module.id,
    );
    return { ...context, settings: resolveQuizSettings(context.module.quiz!.settings, cohortSettings) };
  }

  /**
   * The cohort and module without the cohort's settings: answering, submitting and reading an attempt go by the
   * settings the attempt was started with, so the most frequent requests skip that lookup.
   */
  async moduleContext(
    viewer: RequestViewer | null | undefined,
    instituteSlug: string,
    cohortId: string,
    moduleId: string,
    now = new Date(),
  ): Promise<QuizModuleContext> {
    const { access, course, summary } = await this.learning.resolveModule(
      viewer,
      instituteSlug,
      cohortId,
      moduleId,
      now,
    );
    if (!summary.quiz) throw new QuizNotFoundError(summary.id);
    return { access, course, module: summary, closesAt: new Date(access.cohort.schedule.endsAt) };
  }

  /** The participant's own attempts and standing on one quiz, closing any attempt whose time ran out. */
  async overview(context: QuizContext, now = new Date()) {
    const key = this.keyOf(context);
    if (!key) return { attempts: [], standing: null, canStart: null, openAttempt: null };
    // The quiz page is part of its module: reaching it opens the module, as the module page does.
    await this.learning.recordOpened(context.access, context.module.id);
    let attempts = await this.attempts.listAttempts(key);
    const overdue = attempts.filter((attempt) => isOverdue(attempt, now));
    if (overdue.length > 0) {
      for (const attempt of overdue) await this.grade(key.instituteId, attempt.id, 'deadline', null, now);
      attempts = await this.attempts.listAttempts(key);
    }
    const [accommodation, override] = await Promise.all([
      this.attempts.findAccommodation(key),
      this.attempts.findOverride(key),
    ]);
    const standing = standingOf(attempts, context.settings, override?.percent ?? null);
    const openAttempt = attempts.find((attempt) => attempt.status === 'in-progress') ?? null;
    const canStart = canStartAttempt({
      attemptsUsed: attempts.filter((attempt) => attempt.status === 'submitted').length,
      attemptsAllowed: context.settings.attemptsAllowed,
      extraAttempts: accommodation.extraAttempts,
      passed: standing.passed,
      now,
      closesAt: context.closesAt,
    });
    return { attempts, standing, canStart, openAttempt, accommodation, override };
  }

  /**
   * Starts an attempt, or returns the one already in progress (two tabs pressing start get the same attempt).
   * A timed attempt gets a delayed job that closes and grades it at its deadline.
   */
  async start(context: QuizContext, now = new Date()): Promise<{ attempt: AttemptRecord; created: boolean }> {
    const key = this.keyOf(context);
    if (!key) throw new NotEnrolledError();
    await this.learning.recordOpened(context.access, context.module.id);
    const bank = await this.bankOf(context);
    const started = await this.attempts.transaction(async (manager) => {
      await this.attempts.lockQuiz(manager, key);
      const existing = await this.attempts.listAttempts(key, manager);
      const open = existing.find((entry) => entry.status === 'in-progress');
      if (open) return { attempt: open, created: false };
      const [accommodation, override] = await Promise.all([
        this.attempts.findAccommodation(key, manager),
        this.attempts.findOverride(key, manager),
      ]);
      const decision = canStartAttempt({
        attemptsUsed: existing.length,
        attemptsAllowed: context.settings.attemptsAllowed,
        extraAttempts: accommodation.extraAttempts,
        passed: standingOf(existing, context.settings, override?.percent ?? null).passed,
        now,
        closesAt: context.closesAt,
      });
      if (!decision.allowed) throw new AttemptRefusedError(decision.reason);
      const id = randomUUID();
      const attempt = await this.attempts.insertAttempt(manager, key, {
        id,
        courseModuleId: bank.courseModuleId,
        questionKeys: drawOrder(bank.questions, context.settings, id),
        settings: context.settings,
        startedAt: now,
        deadlineAt: attemptDeadline(
          now,
          context.settings.timeLimitMinutes,
          accommodation.extraMinutes,
          context.closesAt,
        ),
      });
      return { attempt, created: true };
    });
    if (started.created) await this.scheduleClose(started.attempt, now);
    return started;
  }

  /** The attempt as its owner answers it; a finished or overdue attempt gives its review instead. */
  async attemptForOwner(context: QuizModuleContext, attemptId: string, now = new Date()) {
    return this.viewOwn(context, await this.ownedAttempt(context, attemptId), now);
  }

  /** What `start` returned, as its owner sees it, without reading the attempt again. */
  async startedView(
    context: QuizModuleContext,
    started: { attempt: AttemptRecord; created: boolean },
    now = new Date(),
  ) {
    return this.viewOwn(context, started.attempt, now, started.created);
  }

  /**
   * Any attempt a reader may see: their own as `attemptForOwner` gives it, anyone else's (staff only) as its
   * review.
   */
  async readAttempt(
    context: QuizModuleContext,
    attemptId: string,
    now = new Date(),
  ): Promise<AttemptView | AttemptReview> {
    const attempt = await this.attemptForReader(context, attemptId);
    if (attempt.userId === context.access.enrolment?.userId) return this.viewOwn(context, attempt, now);
    return this.review(context, attempt, now);
  }

  private async viewOwn(
    context: QuizModuleContext,
    attempt: AttemptRecord,
    now: Date,
    justCreated = false,
  ): Promise<AttemptView | AttemptReview> {
    if (isOverdue(attempt, now))
      return this.review(context, await this.grade(attempt.instituteId, attempt.id, 'deadline', null, now), now);
    if (attempt.status === 'submitted') return this.review(context, attempt, now);
    const [masterBank, responses] = await Promise.all([
      this.content.getQuestionBankOfModuleRow(attempt.courseModuleId),
      justCreated ? [] : this.attempts.listResponses(attempt.id),
    ]);
    const bank = await this.shownBank(context, masterBank);
    const given = new Map(responses.map((entry) => [entry.questionKey, entry.response]));
    const byKey = new Map(bank.questions.map((question) => [question.key, question]));
    const view: AttemptView = {
      attempt,
      questions: attempt.questionKeys.map((questionKey) =>
        presentQuestion(
          questionOf(byKey, questionKey),
          attempt.id,
          attempt.settings.shuffleOptions,
          given.get(questionKey) ?? null,
        ),
      ),
    };
    return view;
  }

  /** Saves one answer from a form post. */
  async answerFromForm(
    context: QuizModuleContext,
    attemptId: string,
    questionKey: string,
    fields: Record<string, unknown>,
    now = new Date(),
  ) {
    return this.answer(context, attemptId, questionKey, (question) => responseFromForm(question, fields), now);
  }

  /** Saves one answer sent as JSON. */
  async answerFromJson(
    context: QuizModuleContext,
    attemptId: string,
    questionKey: string,
    body: unknown,
    now = new Date(),
  ) {
    return this.answer(context, attemptId, questionKey, (question) => validateResponse(question, body), now);
  }

  /**
   * The frequent request, kept to one statement: the question is read from the cohort's (cached) bank and the
   * save itself checks owner, cohort, module, draw and deadline. Only a refusal reads more, to say why.
   */
  private async answer(
    context: QuizModuleContext,
    attemptId: string,
    questionKey: string,
    read: (question: BankQuestion['definition']) => ReadResponse,
    now: Date,
  ): Promise<{ attempt: AttemptRecord; savedAt: Date }> {
    const key = this.keyOf(context);
    if (!key || !isUuid(attemptId)) throw new AttemptNotFoundError();
    const bank = await this.bankOf(context);
    const question =
      bank.questions.find((entry) => entry.key === questionKey) ??
      (await this.questionOfAttempt(context, attemptId, questionKey));
    const given = read(question.definition);
    if (!given.ok) throw new InvalidResponseError(given.message);
    const { outcome, attempt } = await this.attempts.saveResponse(key, attemptId, questionKey, given.response, now);
    if (outcome === 'saved' && attempt) return { attempt, savedAt: now };
    return this.refuseAnswer(context, attemptId, questionKey, now);
  }

  /** A question the cohort's bank does not hold: from an attempt drawn from another version, or not drawn at all. */
  private async questionOfAttempt(context: QuizModuleContext, attemptId: string, questionKey: string) {
    const attempt = await this.ownedAttempt(context, attemptId);
    if (!attempt.questionKeys.includes(questionKey)) throw new QuestionNotInAttemptError(questionKey);
    const bank = await this.content.getQuestionBankOfModuleRow(attempt.courseModuleId);
    return questionOf(new Map(bank.questions.map((entry) => [entry.key, entry])), questionKey);
  }

  /** Why an answer was not saved: not this person's attempt, a question not drawn, or a closed attempt. */
  private async refuseAnswer(
    context: QuizModuleContext,
    attemptId: string,
    questionKey: string,
    now: Date,
  ): Promise<never> {
    const attempt = await this.ownedAttempt(context, attemptId);
    if (!attempt.questionKeys.includes(questionKey)) throw new QuestionNotInAttemptError(questionKey);
    if (attempt.status === 'in-progress' && isOverdue(attempt, now)) {
      // Past its deadline but not yet closed by its job: close it now, so the participant sees the result.
      const graded = await this.grade(attempt.instituteId, attempt.id, 'deadline', null, now);
      throw new AttemptClosedError(graded.submittedAt);
    }
    if (attempt.status !== 'in-progress') throw new AttemptClosedError(attempt.submittedAt);
    throw new Error(`attempt ${attempt.id} is open and drew ${questionKey}, yet the answer was refused`);
  }

  /** Submitting twice grades once: the second call gets the first grading. */
  async submit(context: QuizModuleContext, attemptId: string, now = new Date()): Promise<AttemptRecord> {
    const attempt = await this.ownedAttempt(context, attemptId);
    const closedBy: AttemptClosedBy = isOverdue(attempt, now) ? 'deadline' : 'participant';
    return this.grade(attempt.instituteId, attempt.id, closedBy, attempt.userId, now);
  }

  /**
   * Grades an attempt in one transaction with the attempt row locked: responses scored on the server against
   * the version the attempt was drawn from, the attempt closed, an audit row, and the module completed when the
   * quiz is now passed. A second call finds the attempt graded and returns it unchanged.
   */
  async grade(
    instituteId: string,
    attemptId: string,
    closedBy: AttemptClosedBy,
    actorUserId: string | null,
    now = new Date(),
  ): Promise<AttemptRecord> {
    const result = await this.attempts.transaction(async (manager) => {
      const attempt = await this.attempts.lockAttempt(manager, instituteId, attemptId);
      if (!attempt) throw new AttemptNotFoundError();
      if (attempt.status === 'submitted') return { graded: attempt, passed: false, fresh: false };
      const bank = await this.content.getQuestionBankOfModuleRow(attempt.courseModuleId);
      const byKey = new Map(bank.questions.map((question) => [question.key, question]));
      const drawn = attempt.questionKeys.map((questionKey) => questionOf(byKey, questionKey));
      const responses = await this.attempts.listResponses(attempt.id, manager);
      const given: Record<string, Response | null> = {};
      for (const entry of responses) given[entry.questionKey] = entry.response;
      const scored = scoreAttempt(
        drawn.map((question) => ({ ...question.definition, points: question.points })),
        given,
      );
      // A deadline close is stamped with the deadline itself, not the moment the job ran.
      const submittedAt =
        closedBy === 'deadline' && attempt.deadlineAt && attempt.deadlineAt < now ? attempt.deadlineAt : now;
      const graded = await this.attempts.recordGrading(
        manager,
        attempt,
        {
          responses: scored.perQuestion.map((entry) => ({
            questionKey: entry.questionId,
            fraction: entry.fraction,
            points: entry.points,
            maxPoints: byKey.get(entry.questionId)?.points ?? 1,
          })),
          score: scored.score,
          maxScore: scored.maxScore,
          percent: scored.percent,
        },
        closedBy,
        submittedAt,
        actorUserId,
      );
      const key: QuizKey = {
        instituteId: attempt.instituteId,
        cohortId: attempt.cohortId,
        moduleKey: attempt.moduleKey,
        userId: attempt.userId,
      };
      const [all, override] = await Promise.all([
        this.attempts.listAttempts(key, manager),
        this.attempts.findOverride(key, manager),
      ]);
      const passed = standingOf(all, attempt.settings, override?.percent ?? null).passed;
      if (passed) {
        await this.learning.recordQuizPassed(manager, key.instituteId, key.cohortId, key.userId, key.moduleKey);
      }
      return { graded, passed, fresh: true };
    });
    if (result.fresh && result.passed)
      await requestCertificateEvaluation(this.jobs, this.logger, [
        { instituteId: result.graded.instituteId, cohortId: result.graded.cohortId, userId: result.graded.userId },
      ]);
    return result.graded;
  }

  /** Run by the close job: closes the attempt if its deadline has come; an extended deadline has its own job. */
  async closeAtDeadline(
    instituteId: string,
    attemptId: string,
    now = new Date(),
  ): Promise<'closed' | 'not-due' | 'done'> {
    const attempt = await this.attempts.findAttempt(instituteId, attemptId);
    if (!attempt || attempt.status === 'submitted') return 'done';
    if (!attempt.deadlineAt || attempt.deadlineAt.getTime() - CLOSE_EARLY_TOLERANCE_MS > now.getTime())
      return 'not-due';
    await this.grade(instituteId, attemptId, 'deadline', null, now);
    return 'closed';
  }

  /** Attempts whose close job was lost (Redis down at start) are closed when the worker starts. */
  async closeOverdueAttempts(now = new Date()): Promise<number> {
    let closed = 0;
    for (;;) {
      const overdue = await this.attempts.listOverdueAttempts(now, 100);
      if (overdue.length === 0) return closed;
      for (const entry of overdue) await this.grade(entry.instituteId, entry.attemptId, 'deadline', null, now);
      closed += overdue.length;
    }
  }

  async scheduleClose(attempt: AttemptRecord, now = new Date()): Promise<void> {
    if (!attempt.deadlineAt) return;
    try {
      await this.jobs.enqueue(
        'quizzes.close-attempt',
        { instituteId: attempt.instituteId, attemptId: attempt.id },
        {
          jobId: `quiz-close:${attempt.id}:${attempt.deadlineAt.getTime()}`,
          delayMs: Math.max(0, attempt.deadlineAt.getTime() - now.getTime()),
        },
      );
    } catch (error) {
      // The attempt stands: pages close it when it is next opened, and the worker sweeps overdue ones at start.
      this.logger.error(`could not schedule the close of attempt ${attempt.id}: ${String(error)}`);
    }
  }

  /** A graded attempt with its marks; answers and feedback only when the settings allow, or for staff. */
  async review(context: QuizModuleContext, attempt: AttemptRecord, now = new Date()): Promise<AttemptReview> {
    const [masterBank, responses] = await Promise.all([
      this.content.getQuestionBankOfModuleRow(attempt.courseModuleId),
      this.attempts.listResponses(attempt.id),
    ]);
    const bank = await this.shownBank(context, masterBank);
    const given = new Map(responses.map((entry) => [entry.questionKey, entry.response]));
    const byKey = new Map(bank.questions.map((question) => [question.key, question]));
    const revealed =
      context.access.isStaff ||
      mayRevealAnswers(attempt.settings, attempt.status === 'submitted', context.closesAt, now);
    return {
      attempt,
      revealed,
      questions: attempt.questionKeys.map((questionKey) =>
        reviewQuestion(
          questionOf(byKey, questionKey),
          attempt.id,
          attempt.settings.shuffleOptions,
          given.get(questionKey) ?? null,
          revealed,
        ),
      ),
    };
  }

  /** An attempt its owner may use; staff of the cohort may read any attempt of it. */
  async attemptForReader(context: QuizModuleContext, attemptId: string): Promise<AttemptRecord> {
    const attempt = await this.findInCohort(context, attemptId);
    if (attempt.userId !== context.access.enrolment?.userId && !context.access.isStaff)
      throw new AttemptNotFoundError();
    return attempt;
  }

  private async ownedAttempt(context: QuizModuleContext, attemptId: string): Promise<AttemptRecord> {
    const attempt = await this.findInCohort(context, attemptId);
    if (!context.access.enrolment || attempt.userId !== context.access.enrolment.userId)
      throw new AttemptNotFoundError();
    return attempt;
  }

  private async findInCohort(context: QuizModuleContext, attemptId: string): Promise<AttemptRecord> {
    const attempt = isUuid(attemptId) ? await this.attempts.findAttempt(context.access.institute.id, attemptId) : null;
    if (!attempt || attempt.cohortId !== context.access.cohort.id || attempt.moduleKey !== context.module.id)
      throw new AttemptNotFoundError();
    return attempt;
  }

  private async bankOf(context: QuizModuleContext): Promise<QuestionBank> {
    const bank = await this.content.getQuestionBank(context.course, context.module.id);
    if (!bank || bank.questions.length === 0) throw new QuizNotFoundError(context.module.id);
    return bank;
  }

  private keyOf(context: QuizModuleContext): QuizKey | null {
    const enrolment = context.access.enrolment;
    if (!enrolment) return null;
    return {
      instituteId: context.access.institute.id,
      cohortId: context.access.cohort.id,
      moduleKey: context.module.id,
      userId: enrolment.userId,
    };
  }
}

export function standingOf(
  attempts: readonly AttemptRecord[],
  settings: Pick<QuizSettings, 'grading' | 'passMark'>,
  overridePercent: number | null,
): QuizStanding {
  const graded = attempts
    .filter((attempt) => attempt.status === 'submitted' && attempt.percent !== null && attempt.submittedAt)
    .map((attempt) => ({ percent: attempt.percent!, submittedAt: attempt.submittedAt! }));
  return quizStanding(graded, settings, overridePercent);
}

/** The questions of a new attempt, in the order shown: drawn and shuffled from the attempt id as seed. */
export function drawOrder(questions: readonly BankQuestion[], settings: QuizSettings, seed: string): string[] {
  const keyed = questions.map((question) => ({ id: question.key }));
  const drawn = drawQuestions(keyed, settings.drawCount ?? keyed.length, seed).map((entry) => entry.id);
  if (settings.shuffleQuestions) return seededShuffle(drawn, `${seed}:order`);
  const position = new Map(questions.map((question, index) => [question.key, index]));
  return drawn.sort((a, b) => position.get(a)! - position.get(b)!);
}

function isOverdue(attempt: AttemptRecord, now: Date): boolean {
  return (
    attempt.status === 'in-progress' && attempt.deadlineAt !== null && attempt.deadlineAt.getTime() <= now.getTime()
  );
}

function questionOf(byKey: Map<string, BankQuestion>, questionKey: string): BankQuestion {
  const question = byKey.get(questionKey);
  // Versions are immutable, so a drawn question is always in the bank it was drawn from.
  if (!question) throw new Error(`question ${questionKey} is missing from its bank`);
  return question;
}
