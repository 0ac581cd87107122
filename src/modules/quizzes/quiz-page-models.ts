import type { QuestionReview, QuestionView } from './domain/attempt-view.js';
import type { StartRefusal } from './domain/attempt-policy.js';
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

/** An interface message the page formats in its locale (`{{t message}}`). */
export interface Message {
  key: string;
  values?: Record<string, string | number>;
}

export function quizPath(context: QuizModuleContext): string {
  return `/i/${context.access.institute.slug}/cohorts/${context.access.cohort.id}/modules/${context.module.id}/quiz`;
}

/** The settings in words a participant understands, as messages of the `quizzes.rules` catalogue. */
export function settingsInWords(
  settings: QuizSettings,
  questionCount: number,
  extraAttempts = 0,
  extraMinutes = 0,
): Message[] {
  const allowed = settings.attemptsAllowed === null ? null : settings.attemptsAllowed + extraAttempts;
  const questions = settings.drawCount ?? questionCount;
  return [
    settings.drawCount
      ? { key: 'quizzes.rules.questionsDrawn', values: { count: questions, from: questionCount } }
      : { key: 'quizzes.rules.questions', values: { count: questions } },
    { key: `quizzes.rules.grading.${settings.grading}`, values: { passMark: settings.passMark } },
    allowed === null
      ? { key: 'quizzes.rules.unlimitedAttempts' }
      : { key: 'quizzes.rules.attemptsAllowed', values: { count: allowed } },
    settings.timeLimitMinutes === null
      ? { key: 'quizzes.rules.noTimeLimit' }
      : { key: 'quizzes.rules.timeLimit', values: { minutes: settings.timeLimitMinutes + extraMinutes } },
    { key: `quizzes.rules.showAnswers.${SHOW_ANSWERS_KEYS[settings.showAnswers]}` },
  ];
}

const SHOW_ANSWERS_KEYS: Record<QuizSettings['showAnswers'], string> = {
  never: 'never',
  'after-attempt': 'afterAttempt',
  'after-close': 'afterClose',
};

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
    closesAt: context.closesAt,
    timeZone: zone,
    standing: overview.standing
      ? {
          grade: overview.standing.grade,
          passed: overview.standing.passed,
          overridden: overview.standing.overridden,
        }
      : null,
    attempts: overview.attempts.map((attempt) => attemptRow(attempt, base)),
    openAttempt: overview.openAttempt ? { href: `${base}/attempts/${overview.openAttempt.id}` } : null,
    canStart: overview.canStart?.allowed ?? false,
    refusal: overview.canStart && !overview.canStart.allowed ? refusalModel(overview.canStart.refusal) : null,
    startHref: `${base}/start`,
  };
}

/** Why no attempt can start, as a catalogue key with its moment or count (formatted by the page). */
function refusalModel(refusal: StartRefusal) {
  switch (refusal.code) {
    case 'not-open':
      return { key: 'quizzes.refusal.notOpen', at: refusal.at, count: null };
    case 'closed':
      return { key: 'quizzes.refusal.closed', at: refusal.at, count: null };
    case 'passed':
      return { key: 'quizzes.refusal.passed', at: null, count: null };
    case 'no-attempts-left':
      return { key: 'quizzes.refusal.noAttemptsLeft', at: null, count: refusal.allowance };
  }
}

function attemptRow(attempt: AttemptRecord, base: string) {
  return {
    number: attempt.number,
    inProgress: attempt.status === 'in-progress',
    percent: attempt.percent,
    startedAt: attempt.startedAt,
    submittedAt: attempt.submittedAt,
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
    deadline: view.attempt.deadlineAt,
    timeZone: context.access.cohort.timeZone,
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
    deadline: view.attempt.deadlineAt,
    timeZone: context.access.cohort.timeZone,
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
    submittedAt: attempt.submittedAt,
    timeZone: zone,
    closedByDeadline: attempt.closedBy === 'deadline',
    revealed: review.revealed,
    answersNeverShown: attempt.settings.showAnswers === 'never',
    closesAt: context.closesAt,
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
      givenKey: givenKeyOf(question),
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

/** A true-false answer, in the page's language. */
function givenKeyOf(question: QuestionReview): string | null {
  if (!question.trueFalse || question.trueFalse.value === null) return null;
  return question.trueFalse.value ? 'quizzes.question.true' : 'quizzes.question.false';
}

function givenInWords(question: QuestionReview): string | null {
  if (question.trueFalse) return null;
  if (question.numeric) return question.numeric.value || null;
  if (question.shortAnswer) return question.shortAnswer.text || null;
  return null;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
