import type { CriterionGrade, RubricCriterion } from '../../capstones/domain/capstone.types.js';
import type { PeerReviewCalibrationMode } from './peer-review-settings.js';

/** A trainer's reference judgement of a calibration example on one criterion. */
export interface CalibrationReference {
  criterionId: string;
  levelId: string;
  /** Why this level: shown to the participant after their attempt. */
  explanation: string;
}

/** A participant's judgement of a calibration example on one criterion (the comment is optional). */
/** A participant's level (and optional comment) on one criterion: read from the form like a review's. */
export type CalibrationLevel = CriterionGrade;

export interface CriterionCloseness {
  criterionId: string;
  /** 0-based position of the level in the criterion's levels, lowest first. */
  levelIndex: number;
  referenceIndex: number;
  /** |levelIndex − referenceIndex|: how many levels apart. */
  difference: number;
}

export interface CalibrationCloseness {
  criteria: CriterionCloseness[];
  /** Mean of the differences over the criteria: 0 is the reference exactly, 1 is one level off on average. */
  closeness: number;
}

function levelIndexOf(criterion: RubricCriterion, levelId: string | null | undefined, what: string): number {
  const index = criterion.levels.findIndex((level) => level.id === levelId);
  if (index < 0) throw new Error(`${what} has no valid level for criterion ${criterion.id}`);
  return index;
}

/**
 * How close a calibration is to the reference: for every rubric criterion, how many levels apart the two are
 * (levels counted by their order in the rubric, not their points), averaged over the criteria, unweighted.
 * `closeness = Σ_c |index(participant, c) − index(reference, c)| / n`. Every criterion must be judged on both sides.
 */
export function calibrationCloseness(
  criteria: readonly RubricCriterion[],
  reference: readonly CalibrationReference[],
  levels: readonly CalibrationLevel[],
): CalibrationCloseness {
  if (criteria.length === 0) throw new Error('a calibration needs a rubric with at least one criterion');
  const rows = criteria.map((criterion) => {
    const referenceIndex = levelIndexOf(
      criterion,
      reference.find((entry) => entry.criterionId === criterion.id)?.levelId,
      'the reference',
    );
    const levelIndex = levelIndexOf(
      criterion,
      levels.find((entry) => entry.criterionId === criterion.id)?.levelId,
      'the calibration',
    );
    return { criterionId: criterion.id, levelIndex, referenceIndex, difference: Math.abs(levelIndex - referenceIndex) };
  });
  const total = rows.reduce((sum, row) => sum + row.difference, 0);
  return { criteria: rows, closeness: total / rows.length };
}

/** Within the tolerance: the mean difference is at most the tolerance (a hair of float slack, so 0.5 ≤ 0.5 holds). */
export function withinTolerance(closeness: number, tolerance: number): boolean {
  return closeness <= tolerance + 1e-9;
}

/** What keeps a calibration from being scored: every criterion needs one of its levels; comments are optional. */
export function calibrationProblems(
  criteria: readonly RubricCriterion[],
  levels: readonly CalibrationLevel[],
): string[] {
  const problems: string[] = [];
  for (const criterion of criteria) {
    const entry = levels.find((level) => level.criterionId === criterion.id);
    if (!entry?.levelId) problems.push(`${criterion.title}: choose a level.`);
    else if (!criterion.levels.some((level) => level.id === entry.levelId))
      problems.push(`${criterion.title}: choose one of its levels.`);
    if ((entry?.comment.length ?? 0) > 2000) problems.push(`${criterion.title}: the comment is over 2000 characters.`);
  }
  return problems;
}

/** The trainer's form for a new example: a level and an explanation per criterion, as typed. */
export interface CalibrationExampleDraft {
  title: string;
  planText: string;
  reference: { criterionId: string; levelId: string | null; explanation: string }[];
}

export function calibrationExampleFromForm(
  criteria: readonly RubricCriterion[],
  form: Record<string, string | undefined>,
): CalibrationExampleDraft {
  return {
    title: (form.title ?? '').trim(),
    planText: (form.planText ?? '').replace(/\r\n/g, '\n').trim(),
    reference: criteria.map((criterion) => {
      const level = (form[`level.${criterion.id}`] ?? '').trim();
      return {
        criterionId: criterion.id,
        levelId: level === '' ? null : level,
        explanation: (form[`explanation.${criterion.id}`] ?? '').trim(),
      };
    }),
  };
}

/** What is wrong with a new example, each problem naming its field. */
export function calibrationExampleProblems(
  criteria: readonly RubricCriterion[],
  draft: CalibrationExampleDraft,
): string[] {
  const problems: string[] = [];
  if (draft.title.length === 0 || draft.title.length > 200) problems.push('Title: write 1 to 200 characters.');
  if (draft.planText.length < 50 || draft.planText.length > 50_000)
    problems.push("The example plan's text: write 50 to 50,000 characters.");
  for (const criterion of criteria) {
    const entry = draft.reference.find((row) => row.criterionId === criterion.id);
    if (!entry?.levelId) problems.push(`${criterion.title}: choose the reference level.`);
    else if (!criterion.levels.some((level) => level.id === entry.levelId))
      problems.push(`${criterion.title}: choose one of its levels.`);
    if (!entry || entry.explanation.length < 10 || entry.explanation.length > 2000)
      problems.push(`${criterion.title}: explain the reference level in 10 to 2000 characters.`);
  }
  return problems;
}

/** One recorded attempt, as the gate needs it. */
export interface CalibrationAttemptSummary {
  exampleId: string;
  closeness: number;
}

export type CalibrationState =
  /** The cohort's setting is off. */
  | 'off'
  /** Calibration is on but the cohort has no example in use: skipped. */
  | 'no-examples'
  /** Still to do: required examples not yet passed (required) or not yet attempted (recorded). */
  | 'pending'
  | 'done';

export interface CalibrationStatus {
  state: CalibrationState;
  /** Examples the participant must calibrate on (0 when off or skipped). */
  required: number;
  /** Examples that count towards `required` (retired ones included: a calibration done stays done). */
  counted: number;
  attempts: number;
  /** The example to show next: an active one not yet counted, preferring one not yet seen; null when none is left. */
  nextExampleId: string | null;
}

/**
 * Where a participant stands. An example counts once an attempt on it is within the cohort's current tolerance
 * (mode required) or once it has any attempt (mode recorded). Retired examples still count, so retiring an example
 * never sends anyone back; the tolerance is the current one, so a trainer who loosens it lets people through.
 */
export function calibrationStatus(input: {
  mode: PeerReviewCalibrationMode;
  examplesRequired: number;
  tolerance: number;
  /** The cohort's examples in use (not retired), oldest first. */
  activeExampleIds: readonly string[];
  attempts: readonly CalibrationAttemptSummary[];
}): CalibrationStatus {
  const attempts = input.attempts.length;
  if (input.mode === 'off') return { state: 'off', required: 0, counted: 0, attempts, nextExampleId: null };
  if (input.activeExampleIds.length === 0)
    return { state: 'no-examples', required: 0, counted: 0, attempts, nextExampleId: null };
  const required = Math.min(input.examplesRequired, input.activeExampleIds.length);
  const counts = (attempt: CalibrationAttemptSummary) =>
    input.mode === 'recorded' || withinTolerance(attempt.closeness, input.tolerance);
  const counted = new Set(input.attempts.filter(counts).map((attempt) => attempt.exampleId));
  const seen = new Set(input.attempts.map((attempt) => attempt.exampleId));
  const open = input.activeExampleIds.filter((id) => !counted.has(id));
  const nextExampleId = open.find((id) => !seen.has(id)) ?? open[0] ?? null;
  return {
    state: counted.size >= required ? 'done' : 'pending',
    required,
    counted: counted.size,
    attempts,
    nextExampleId,
  };
}

/** Paragraphs of a plain-text example: split on blank lines, single line breaks kept inside a paragraph. */
export function planParagraphs(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph.length > 0);
}

/** A mean level difference as people read it: at most two decimals, no trailing zeros (0.17, 0.5, 2). */
export function levelsFigure(value: number): string {
  return String(Number(value.toFixed(2)));
}
