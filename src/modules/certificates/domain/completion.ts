import type { CompletionRules } from '../../content/domain/content.types.js';

/** Where one participant stands on everything a course's `completion:` rules can ask for. */
export interface ParticipantStanding {
  modules: { id: string; number: number; title: string; completed: boolean }[];
  /** Modules with a quiz, with whether the counted grade passes and that grade (null: never graded). */
  quizzes: { moduleId: string; number: number; title: string; passed: boolean; percent: number | null }[];
  capstone: {
    /** The course has a capstone at all. */
    exists: boolean;
    passPercent: number;
    /** Percent of the latest released grade; null while none is released. */
    releasedPercent: number | null;
  };
  peerReviews: {
    /** Reviews the participant was asked to do (active allocations); 0 before allocation ran. */
    assigned: number;
    /** Reviews the participant submitted. */
    submitted: number;
  };
}

export type MissingRequirement =
  | { kind: 'modules'; required: number; done: number; titles: string[] }
  | { kind: 'quizzes'; required: number; passed: number; titles: string[] }
  | { kind: 'capstone-not-released' }
  | { kind: 'capstone-below-pass'; percent: number; passPercent: number }
  | { kind: 'peer-reviews'; required: number; submitted: number }
  | { kind: 'peer-reviews-not-allocated'; required: number };

export interface CompletionVerdict {
  eligible: boolean;
  /** What still stands between the participant and the certificate, in the order a participant meets it. */
  missing: MissingRequirement[];
  /** Each requirement the rules set, met or not, for the participant's checklist. */
  checklist: ChecklistLine[];
}

/** A requirement of the rules, in English (`label`) and as a catalogue message for pages in any language. */
export interface ChecklistLine {
  label: string;
  met: boolean;
  message: { key: string; values: Record<string, number> };
}

/**
 * Decides whether a participant has completed the course under its `completion:` rules: modules completed, module
 * quizzes passed ('all' or at least a number), the capstone's released grade at or above its pass percent, and the
 * peer reviews asked for submitted. Peer reviews required are capped at the reviews actually allocated (a small
 * cohort may give fewer than the rule asks); before allocation has run none can be done, so they are missing.
 */
export function evaluateCompletion(rules: CompletionRules, standing: ParticipantStanding): CompletionVerdict {
  const missing: MissingRequirement[] = [];
  const checklist: ChecklistLine[] = [];

  const modulesRequired = required(rules.modules, standing.modules.length);
  if (modulesRequired > 0) {
    const done = standing.modules.filter((module) => module.completed);
    const met = done.length >= modulesRequired;
    checklist.push({
      label: countLabel(rules.modules, modulesRequired, 'module completed', 'modules completed'),
      met,
      message: countMessage(rules.modules, modulesRequired, 'modules'),
    });
    if (!met)
      missing.push({
        kind: 'modules',
        required: modulesRequired,
        done: done.length,
        titles: standing.modules.filter((module) => !module.completed).map((module) => moduleLabel(module)),
      });
  }

  const quizzesRequired = required(rules.quizzes, standing.quizzes.length);
  if (quizzesRequired > 0) {
    const passed = standing.quizzes.filter((quiz) => quiz.passed);
    const met = passed.length >= quizzesRequired;
    checklist.push({
      label: countLabel(rules.quizzes, quizzesRequired, 'module quiz passed', 'module quizzes passed'),
      met,
      message: countMessage(rules.quizzes, quizzesRequired, 'quizzes'),
    });
    if (!met)
      missing.push({
        kind: 'quizzes',
        required: quizzesRequired,
        passed: passed.length,
        titles: standing.quizzes.filter((quiz) => !quiz.passed).map((quiz) => moduleLabel(quiz)),
      });
  }

  if (rules.capstone && standing.capstone.exists) {
    const { releasedPercent, passPercent } = standing.capstone;
    const met = releasedPercent !== null && releasedPercent >= passPercent;
    checklist.push({
      label: `Capstone graded at ${passPercent}% or above`,
      met,
      message: { key: 'certificates.checklist.capstone', values: { passPercent } },
    });
    if (releasedPercent === null) missing.push({ kind: 'capstone-not-released' });
    else if (!met) missing.push({ kind: 'capstone-below-pass', percent: releasedPercent, passPercent });
  }

  if (rules.peerReviews > 0) {
    const { assigned, submitted } = standing.peerReviews;
    const needed = assigned === 0 ? rules.peerReviews : Math.min(rules.peerReviews, assigned);
    const met = assigned > 0 && submitted >= needed;
    checklist.push({
      label: `${needed} peer ${needed === 1 ? 'review' : 'reviews'} submitted`,
      met,
      message: { key: 'certificates.checklist.peerReviews', values: { count: needed } },
    });
    if (assigned === 0) missing.push({ kind: 'peer-reviews-not-allocated', required: rules.peerReviews });
    else if (!met) missing.push({ kind: 'peer-reviews', required: needed, submitted });
  }

  return { eligible: missing.length === 0, missing, checklist };
}

/** One sentence per missing requirement, for the participant's certificate page. */
export function describeMissing(requirement: MissingRequirement): string {
  switch (requirement.kind) {
    case 'modules':
      return `Complete ${requirement.required - requirement.done} more ${plural(requirement.required - requirement.done, 'module')} (${requirement.done} of ${requirement.required} done): ${requirement.titles.join('; ')}.`;
    case 'quizzes':
      return `Pass ${requirement.required - requirement.passed} more module ${plural(requirement.required - requirement.passed, 'quiz', 'quizzes')} (${requirement.passed} of ${requirement.required} passed): ${requirement.titles.join('; ')}.`;
    case 'capstone-not-released':
      return 'Your capstone action plan has no released grade yet: submit it, and wait for your trainer to grade and release it.';
    case 'capstone-below-pass':
      return `Your capstone grade is ${requirement.percent}%; the certificate needs ${requirement.passPercent}% or more.`;
    case 'peer-reviews':
      return `Submit ${requirement.required - requirement.submitted} more peer ${plural(requirement.required - requirement.submitted, 'review')} (${requirement.submitted} of ${requirement.required} submitted).`;
    case 'peer-reviews-not-allocated':
      return `Peer reviews have not been handed out yet: you will be asked to review ${requirement.required} ${plural(requirement.required, 'plan')} after the capstone due date.`;
  }
}

/** The same, in a few words, for the staff's list of a whole cohort. */
export function summariseMissing(requirement: MissingRequirement): string {
  switch (requirement.kind) {
    case 'modules':
      return `modules completed: ${requirement.done} of ${requirement.required}`;
    case 'quizzes':
      return `quizzes passed: ${requirement.passed} of ${requirement.required}`;
    case 'capstone-not-released':
      return 'capstone: no released grade';
    case 'capstone-below-pass':
      return `capstone: ${requirement.percent}%, below ${requirement.passPercent}%`;
    case 'peer-reviews':
      return `peer reviews submitted: ${requirement.submitted} of ${requirement.required}`;
    case 'peer-reviews-not-allocated':
      return 'peer reviews: not allocated yet';
  }
}

function required(rule: 'all' | number, available: number): number {
  return rule === 'all' ? available : Math.min(rule, available);
}

function countMessage(rule: 'all' | number, count: number, what: 'modules' | 'quizzes') {
  return { key: `certificates.checklist.${what}${rule === 'all' ? 'All' : ''}`, values: { count } };
}

/** A missing requirement as a catalogue message (`certificates.missing.*`), for pages in any language. */
export function missingMessage(requirement: MissingRequirement): {
  key: string;
  values: Record<string, string | number>;
} {
  switch (requirement.kind) {
    case 'modules':
      return {
        key: 'certificates.missing.modules',
        values: {
          count: requirement.required - requirement.done,
          done: requirement.done,
          required: requirement.required,
          titles: requirement.titles.join('; '),
        },
      };
    case 'quizzes':
      return {
        key: 'certificates.missing.quizzes',
        values: {
          count: requirement.required - requirement.passed,
          passed: requirement.passed,
          required: requirement.required,
          titles: requirement.titles.join('; '),
        },
      };
    case 'capstone-not-released':
      return { key: 'certificates.missing.capstoneNotReleased', values: {} };
    case 'capstone-below-pass':
      return {
        key: 'certificates.missing.capstoneBelowPass',
        values: { percent: requirement.percent, passPercent: requirement.passPercent },
      };
    case 'peer-reviews':
      return {
        key: 'certificates.missing.peerReviews',
        values: {
          count: requirement.required - requirement.submitted,
          submitted: requirement.submitted,
          required: requirement.required,
        },
      };
    case 'peer-reviews-not-allocated':
      return { key: 'certificates.missing.peerReviewsNotAllocated', values: { count: requirement.required } };
  }
}

/** The same, in a few words, for the staff's list of a whole cohort (`certificates.missingShort.*`). */
export function missingSummaryMessage(requirement: MissingRequirement): {
  key: string;
  values: Record<string, string | number>;
} {
  switch (requirement.kind) {
    case 'modules':
      return {
        key: 'certificates.missingShort.modules',
        values: { done: requirement.done, required: requirement.required },
      };
    case 'quizzes':
      return {
        key: 'certificates.missingShort.quizzes',
        values: { passed: requirement.passed, required: requirement.required },
      };
    case 'capstone-not-released':
      return { key: 'certificates.missingShort.capstoneNotReleased', values: {} };
    case 'capstone-below-pass':
      return {
        key: 'certificates.missingShort.capstoneBelowPass',
        values: { percent: requirement.percent, passPercent: requirement.passPercent },
      };
    case 'peer-reviews':
      return {
        key: 'certificates.missingShort.peerReviews',
        values: { submitted: requirement.submitted, required: requirement.required },
      };
    case 'peer-reviews-not-allocated':
      return { key: 'certificates.missingShort.peerReviewsNotAllocated', values: {} };
  }
}

function countLabel(rule: 'all' | number, count: number, one: string, many: string): string {
  return rule === 'all' ? `All ${count} ${count === 1 ? one : many}` : `${count} ${count === 1 ? one : many}`;
}

function moduleLabel(module: { number: number; title: string }): string {
  return `Module ${module.number}, ${module.title}`;
}

function plural(count: number, one: string, many = `${one}s`): string {
  return count === 1 ? one : many;
}
