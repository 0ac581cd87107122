import { formatInTimeZone } from '../cohorts/domain/cohort-schedule.js';
import type { QuestionReview, QuestionView } from './domain/attempt-view.js';
import type { QuizSettings } from './domain/quiz-settings.js';
import type { AttemptRecord } from './quiz-attempts.repository.js';
import type {
  AttemptReview,
  AttemptView,
  QuizAttemptsService,
  QuizContext,
  QuizModuleContext,
} from './quiz-attempts.service.js';

type Overview = Awaited<ReturnType<QuizAttemptsService['overview']>>;

const GRADING_WORDS: Record<QuizSettings['grading'], string> = {
  highest: 'your highest attempt counts',
  average: 'the average of your attempts counts',
  first: 'your first attempt counts',
  last: 'your last attempt counts',
};

const SHOW_ANSWERS_WORDS: Record<QuizSettings['showAnswers'], string> = {
  never: 'Right answers are not shown.',
  'after-attempt': 'Right answers and feedback are shown after each attempt.',
  'after-close': 'Right answers and feedback are shown when the cohort ends.',
};

export function quizPath(context: QuizModuleContext): string {
  return `/i/${context.access.institute.slug}/cohorts/${context.access.cohort.id}/modules/${context.module.id}/quiz`;
}

/** The settings in words a participant understands. */
export function settingsInWords(settings: QuizSettings, questionCount: number, extraAttempts = 0, extraMinutes = 0) {
  const allowed = settings.attemptsAllowed === null ? null : settings.attemptsAllowed + extraAttempts;
  const questions = settings.drawCount ?? questionCount;
  return [
    `${questions} question${questions === 1 ? '' : 's'}${settings.drawCount ? ` drawn from ${questionCount}` : ''}.`,
    `Pass mark ${settings.passMark}%; ${GRADING_WORDS[settings.grading]}.`,
    allowed === null ? 'Unlimited attempts.' : `${allowed} attempt${allowed === 1 ? '' : 's'} allowed.`,
    settings.timeLimitMinutes === null
      ? 'No time limit: your answers are saved as you go, so you can stop and come back.'
      : `Time limit ${settings.timeLimitMinutes + extraMinutes} minutes from when you start; the attempt is submitted automatically when time is up.`,
    SHOW_ANSWERS_WORDS[settings.showAnswers],
  ];
}

export function quizOverviewModel(context: QuizContext, overview: Overview) {
  const zone = context.access.cohort.timeZone;
  const base = quizPath(context);
  return {
    moduleTitle: context.module.title,
    moduleNumber: context.module.number,
    moduleHref: base.slice(0, -'/quiz'.length),
    isParticipant: context.access.enrolment !== null,
    isStaff: context.access.isStaff,
    staffHref: `/i/${context.access.institute.slug}/cohorts/${context.access.cohort.id}/quizzes/${context.module.id}`,
    rules: settingsInWords(
      context.settings,
      context.module.quiz?.questionCount ?? 0,
      overview.accommodation?.extraAttempts,
      overview.accommodation?.extraMinutes,
    ),
    closesAt: formatInTimeZone(context.closesAt, zone),
    standing: overview.standing
      ? {
          grade: overview.standing.grade,
          passed: overview.standing.passed,
          overridden: overview.standing.overridden,
        }
      : null,
    attempts: overview.attempts.map((attempt) => attemptRow(attempt, base, zone)),
    openAttempt: overview.openAttempt ? { href: `${base}/attempts/${overview.openAttempt.id}` } : null,
    canStart: overview.canStart?.allowed ?? false,
    refusal: overview.canStart && !overview.canStart.allowed ? overview.canStart.reason : null,
    startHref: `${base}/start`,
  };
}

function attemptRow(attempt: AttemptRecord, base: string, zone: string) {
  return {
    number: attempt.number,
    inProgress: attempt.status === 'in-progress',
    percent: attempt.percent,
    startedAt: formatInTimeZone(attempt.startedAt, zone),
    submittedAt: attempt.submittedAt ? formatInTimeZone(attempt.submittedAt, zone) : null,
    closedByDeadline: attempt.closedBy === 'deadline',
    href: `${base}/attempts/${attempt.id}${attempt.status === 'submitted' ? '/review' : ''}`,
  };
}

export function attemptPageModel(context: QuizContext, view: AttemptView, requested: number) {
  const count = view.questions.length;
  const number = Number.isInteger(requested) ? Math.min(Math.max(requested, 1), count) : 1;
  const question = view.questions[number - 1];
  const base = `${quizPath(context)}/attempts/${view.attempt.id}`;
  return {
    count,
    attemptNumber: view.attempt.number,
    deadline: view.attempt.deadlineAt
      ? formatInTimeZone(view.attempt.deadlineAt, context.access.cohort.timeZone)
      : null,
    action: `${base}/answer`,
    summaryHref: `${base}/summary`,
    current: { ...questionModel(question), number },
    isFirst: number === 1,
    isLast: number === count,
    navigation: view.questions.map((entry, index) => ({
      number: index + 1,
      answered: entry.answered,
      current: index + 1 === number,
    })),
  };
}

export function summaryPageModel(context: QuizContext, view: AttemptView) {
  const base = `${quizPath(context)}/attempts/${view.attempt.id}`;
  const unanswered = view.questions.filter((question) => !question.answered).length;
  return {
    attemptNumber: view.attempt.number,
    deadline: view.attempt.deadlineAt
      ? formatInTimeZone(view.attempt.deadlineAt, context.access.cohort.timeZone)
      : null,
    submitHref: `${base}/submit`,
    unanswered,
    questions: view.questions.map((question, index) => ({
      number: index + 1,
      answered: question.answered,
      href: `${base}?q=${index + 1}`,
    })),
  };
}

export function reviewPageModel(context: QuizContext, review: AttemptReview) {
  const zone = context.access.cohort.timeZone;
  const { attempt } = review;
  return {
    attemptNumber: attempt.number,
    percent: attempt.percent,
    score: attempt.score === null ? null : round2(attempt.score),
    maxScore: attempt.maxScore === null ? null : round2(attempt.maxScore),
    passMark: attempt.settings.passMark,
    passed: attempt.percent !== null && attempt.percent >= attempt.settings.passMark,
    inProgress: attempt.status === 'in-progress',
    submittedAt: attempt.submittedAt ? formatInTimeZone(attempt.submittedAt, zone) : null,
    closedByDeadline: attempt.closedBy === 'deadline',
    revealed: review.revealed,
    hiddenReason:
      attempt.settings.showAnswers === 'never'
        ? 'Right answers are not shown for this quiz.'
        : `Right answers and feedback are shown when the cohort ends (${formatInTimeZone(context.closesAt, zone)}).`,
    quizHref: quizPath(context),
    questions: review.questions.map((question, index) => ({
      ...questionModel(question),
      number: index + 1,
      earned: question.earned,
      verdict: question.fraction >= 0.999 ? 'right' : question.fraction > 0 ? 'partly' : 'wrong',
      options: question.options.map((option) => ({
        ...option,
        right: question.rightOptionIds.includes(option.id),
      })),
      rightAnswer: question.rightAnswer,
      feedbackHtml: question.feedbackHtml,
      given: givenInWords(question),
    })),
  };
}

function questionModel(question: QuestionView) {
  return {
    key: question.key,
    html: question.html,
    points: question.points,
    isSingle: question.type === 'single-choice',
    isMultiple: question.type === 'multiple-response',
    isTrueFalse: question.type === 'true-false',
    isNumeric: question.type === 'numeric',
    isShort: question.type === 'short-answer',
    isMatching: question.type === 'matching',
    options: question.options.map((option) => ({ ...option, right: false })),
    trueChecked: question.trueFalse?.value === true,
    falseChecked: question.trueFalse?.value === false,
    numericValue: question.numeric?.value ?? '',
    shortText: question.shortAnswer?.text ?? '',
    prompts: question.matching?.prompts ?? [],
  };
}

function givenInWords(question: QuestionReview): string | null {
  if (question.trueFalse) return question.trueFalse.value === null ? null : question.trueFalse.value ? 'True' : 'False';
  if (question.numeric) return question.numeric.value || null;
  if (question.shortAnswer) return question.shortAnswer.text || null;
  return null;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
