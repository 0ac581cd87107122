/** Pure figures of the dashboards: rates, the progress funnel, grade bins and the at-risk rules. */

/** numerator / denominator, or null when there is nobody to count (a rate of nobody is not 0 %). */
export function rate(numerator: number, denominator: number): number | null {
  if (!Number.isFinite(numerator) || !Number.isFinite(denominator) || denominator <= 0) return null;
  return numerator / denominator;
}

/** A rate as the CSV writes it and the page shows it: a percentage with one decimal, empty when there is no rate. */
export function percentText(ratio: number | null): string {
  return ratio === null ? '' : (Math.round(ratio * 1000) / 10).toFixed(1);
}

export interface FunnelModule {
  key: string;
  number: number;
  title: string;
}

export interface ModuleCounts {
  moduleKey: string;
  started: number;
  completed: number;
}

export interface FunnelRow extends FunnelModule {
  started: number;
  completed: number;
  /** Shares of the active participants. */
  startedRate: number | null;
  completedRate: number | null;
}

/**
 * One row per module of the course, in course order, with the active participants who opened it (started) and
 * completed it; a module nobody opened has zeros. Counts of modules the course no longer has are ignored.
 */
export function progressFunnel(
  modules: readonly FunnelModule[],
  counts: readonly ModuleCounts[],
  activeParticipants: number,
): FunnelRow[] {
  const byKey = new Map(counts.map((entry) => [entry.moduleKey, entry]));
  return [...modules]
    .sort((a, b) => a.number - b.number)
    .map((module) => {
      const entry = byKey.get(module.key);
      const started = entry?.started ?? 0;
      const completed = entry?.completed ?? 0;
      return {
        ...module,
        started,
        completed,
        startedRate: rate(started, activeParticipants),
        completedRate: rate(completed, activeParticipants),
      };
    });
}

export interface GradeBin {
  /** Inclusive lower bound, percent. */
  from: number;
  /** Exclusive upper bound, except the last bin, which holds 100. */
  to: number;
  count: number;
}

/**
 * Grades (0..100) in bins of `width` points: [0, w), [w, 2w), … and a last bin closed at 100, so 100 % falls in
 * the top bin and not in a bin of its own. A grade outside 0..100 is an error in the data, not something to hide.
 */
export function gradeBins(percents: readonly number[], width = 10): GradeBin[] {
  if (!(width > 0) || 100 % width !== 0) throw new RangeError(`bin width must divide 100, got ${width}`);
  const count = 100 / width;
  const bins: GradeBin[] = Array.from({ length: count }, (_, index) => ({
    from: index * width,
    to: (index + 1) * width,
    count: 0,
  }));
  for (const percent of percents) {
    if (!Number.isFinite(percent) || percent < 0 || percent > 100)
      throw new RangeError(`grade out of 0..100: ${percent}`);
    bins[Math.min(count - 1, Math.floor(percent / width))].count += 1;
  }
  return bins;
}

/** Days a module may stay unfinished after it opened before its participant counts as behind. */
export const DEFAULT_GRACE_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface AtRiskCohort {
  now: Date;
  graceDays: number;
  moduleUnlocks: readonly { moduleKey: string; opensAt: Date }[];
  /** Modules with a quiz; a quiz closes when the cohort ends. */
  quizModuleKeys: readonly string[];
  quizClosesAt: Date;
  /** Null when the course has no capstone. */
  capstoneDueAt: Date | null;
}

export interface AtRiskFacts {
  userId: string;
  fullName: string;
  email: string;
  completedModuleKeys: readonly string[];
  /** Quiz modules with at least one submitted attempt. */
  quizSubmittedModuleKeys: readonly string[];
  capstoneSubmitted: boolean;
  /** The person's extension, when a trainer granted one; it replaces the cohort's due date. */
  capstoneExtendedTo: Date | null;
  /** Peer reviews given to this person whose due date passed while not submitted. */
  overdueReviews: number;
}

export type AtRiskReason =
  | { kind: 'behind'; moduleKeys: string[] }
  | { kind: 'quiz-missed'; moduleKeys: string[] }
  | { kind: 'capstone-missed'; dueAt: Date }
  | { kind: 'reviews-missed'; count: number };

export interface AtRiskParticipant {
  userId: string;
  fullName: string;
  email: string;
  reasons: AtRiskReason[];
}

/**
 * Who is at risk and why:
 * - behind: a module not completed that opened more than `graceDays` days ago (opensAt + graceDays < now);
 * - quiz-missed: a quiz with no submitted attempt once the quizzes closed (cohort end < now);
 * - capstone-missed: no plan submitted once the due date (the person's extension, else the cohort's) passed;
 * - reviews-missed: peer reviews assigned to the person whose due date passed without a submitted review.
 * People with no reason are left out; the list keeps the order of the facts given.
 */
export function participantsAtRisk(cohort: AtRiskCohort, facts: readonly AtRiskFacts[]): AtRiskParticipant[] {
  const now = cohort.now.getTime();
  const overdueModules = cohort.moduleUnlocks
    .filter((unlock) => unlock.opensAt.getTime() + cohort.graceDays * DAY_MS < now)
    .map((unlock) => unlock.moduleKey);
  const quizzesClosed = cohort.quizClosesAt.getTime() < now;
  return facts
    .map((person) => {
      const reasons: AtRiskReason[] = [];
      const completed = new Set(person.completedModuleKeys);
      const behind = overdueModules.filter((key) => !completed.has(key));
      if (behind.length > 0) reasons.push({ kind: 'behind', moduleKeys: behind });
      if (quizzesClosed) {
        const submitted = new Set(person.quizSubmittedModuleKeys);
        const missed = cohort.quizModuleKeys.filter((key) => !submitted.has(key));
        if (missed.length > 0) reasons.push({ kind: 'quiz-missed', moduleKeys: missed });
      }
      const dueAt = person.capstoneExtendedTo ?? cohort.capstoneDueAt;
      if (dueAt && !person.capstoneSubmitted && dueAt.getTime() < now) reasons.push({ kind: 'capstone-missed', dueAt });
      if (person.overdueReviews > 0) reasons.push({ kind: 'reviews-missed', count: person.overdueReviews });
      return { userId: person.userId, fullName: person.fullName, email: person.email, reasons };
    })
    .filter((person) => person.reasons.length > 0);
}
