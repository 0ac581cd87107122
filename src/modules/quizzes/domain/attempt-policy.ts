import { roundTo2 } from './score-question.js';
const MINUTE_MS = 60_000;

export type GradingMethod = 'highest' | 'average' | 'first' | 'last';

export interface GradedAttempt {
  /** 0..100. */
  percent: number;
  submittedAt: Date;
}

/**
 * The grade that stands for a participant's attempts, as Moodle's "grading method". Attempts may arrive in any
 * order (retried writes, merged accounts), so first and last go by submission time; equal times keep input order.
 */
export function finalGrade(attempts: readonly GradedAttempt[], method: GradingMethod): number | null {
  if (attempts.length === 0) return null;
  switch (method) {
    case 'highest':
      return Math.max(...attempts.map((attempt) => attempt.percent));
    case 'average':
      // Rounded like each attempt's percent, so an average of 2-decimal grades is itself a 2-decimal grade.
      return roundTo2(attempts.reduce((sum, attempt) => sum + attempt.percent, 0) / attempts.length);
    case 'first':
      return attempts.reduce((first, next) => (next.submittedAt.getTime() < first.submittedAt.getTime() ? next : first))
        .percent;
    case 'last':
      return attempts.reduce((last, next) => (next.submittedAt.getTime() >= last.submittedAt.getTime() ? next : last))
        .percent;
  }
}

/**
 * A deterministic permutation: the same seed (e.g. the attempt id) gives the same order, so a resumed attempt
 * or a review page shows questions and options exactly as first shown, without storing the order.
 */
export function seededShuffle<T>(items: readonly T[], seed: string): T[] {
  const random = mulberry32(hashSeed(seed));
  const shuffled = [...items];
  for (let index = shuffled.length - 1; index > 0; index--) {
    const swapWith = Math.floor(random() * (index + 1));
    [shuffled[index], shuffled[swapWith]] = [shuffled[swapWith], shuffled[index]];
  }
  return shuffled;
}

/**
 * Draws `count` distinct questions from a pool (Moodle's random questions), deterministic per seed. Entries that
 * repeat an id are drawn at most once, so a badly merged pool cannot show one question twice.
 */
export function drawQuestions<T extends { id: string }>(pool: readonly T[], count: number, seed: string): T[] {
  const seen = new Set<string>();
  const distinct = pool.filter((item) => {
    if (seen.has(item.id)) return false;
    seen.add(item.id);
    return true;
  });
  const wanted = Number.isFinite(count) ? Math.max(0, Math.floor(count)) : distinct.length;
  return seededShuffle(distinct, seed).slice(0, wanted);
}

/**
 * When an attempt must be submitted: the time limit (plus any accommodation) or the quiz closing time, whichever
 * comes first. Null when neither applies.
 */
export function attemptDeadline(
  startedAt: Date,
  timeLimitMinutes: number | null,
  extraMinutes = 0,
  closesAt?: Date | null,
): Date | null {
  const limitEnd =
    timeLimitMinutes === null ? null : new Date(startedAt.getTime() + (timeLimitMinutes + extraMinutes) * MINUTE_MS);
  if (!closesAt) return limitEnd;
  if (!limitEnd) return new Date(closesAt.getTime());
  return new Date(Math.min(limitEnd.getTime(), closesAt.getTime()));
}

export interface StartAttemptInput {
  attemptsUsed: number;
  /** Null means unlimited. */
  attemptsAllowed: number | null;
  /** Granted to one participant on top of the quiz's allowance. */
  extraAttempts?: number;
  /** Whether the participant already holds a passing grade; passing ends further attempts. */
  passed?: boolean;
  now: Date;
  opensAt?: Date | null;
  closesAt?: Date | null;
}

/** Why an attempt cannot start, for pages to say in their own language (`reason` is the English). */
export type StartRefusal =
  | { code: 'not-open'; at: Date }
  | { code: 'closed'; at: Date }
  | { code: 'passed' }
  | { code: 'no-attempts-left'; allowance: number };

export type StartAttemptDecision = { allowed: true } | { allowed: false; reason: string; refusal: StartRefusal };

/** Whether a participant may start another attempt now; a refusal says why, in words fit for the participant. */
export function canStartAttempt(input: StartAttemptInput): StartAttemptDecision {
  const { attemptsUsed, attemptsAllowed, extraAttempts = 0, passed = false, now, opensAt, closesAt } = input;
  if (opensAt && now.getTime() < opensAt.getTime()) {
    return {
      allowed: false,
      reason: `The quiz opens at ${opensAt.toISOString()}.`,
      refusal: { code: 'not-open', at: opensAt },
    };
  }
  if (closesAt && now.getTime() >= closesAt.getTime()) {
    return {
      allowed: false,
      reason: `The quiz closed at ${closesAt.toISOString()}.`,
      refusal: { code: 'closed', at: closesAt },
    };
  }
  if (passed) {
    return { allowed: false, reason: 'You have already passed this quiz.', refusal: { code: 'passed' } };
  }
  if (attemptsAllowed !== null) {
    const allowance = attemptsAllowed + extraAttempts;
    if (attemptsUsed >= allowance) {
      return {
        allowed: false,
        reason: `You have used all ${allowance} attempt${allowance === 1 ? '' : 's'} allowed.`,
        refusal: { code: 'no-attempts-left', allowance },
      };
    }
  }
  return { allowed: true };
}

/** FNV-1a over UTF-16 code units: short, stable across runtimes, and spreads similar ids apart. */
function hashSeed(seed: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < seed.length; index++) {
    hash ^= seed.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function mulberry32(state: number): () => number {
  let current = state;
  return () => {
    current = (current + 0x6d2b79f5) | 0;
    let mixed = Math.imul(current ^ (current >>> 15), 1 | current);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}
