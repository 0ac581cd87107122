/**
 * The capstone of a course as authored in `content/courses/<slug>/capstone.yaml` and stored, resolved, in
 * `course_versions.capstone`; and the action plan a participant writes against it. Ids are stable across
 * versions so grades, exports and the gradebook can name them.
 */

/** A section of the plan: free text, the activities table, or the budget table. */
export type CapstoneSectionKind = 'text' | 'activities' | 'budget';

export interface CapstoneSection {
  /** Stable id, e.g. `needs-assessment`. Unique within the capstone. */
  id: string;
  title: string;
  kind: CapstoneSectionKind;
  /** What the section should contain, as authored (Markdown). */
  guidance: string;
  /** `guidance` rendered to sanitised HTML at import. */
  guidanceHtml: string;
  /** A submission is refused while a required section is empty. */
  required: boolean;
}

export interface RubricLevel {
  /** Stable id within its criterion, e.g. `proficient`. */
  id: string;
  label: string;
  /** Points for this level; the highest level of a criterion is its maximum. */
  points: number;
  descriptor: string;
}

export interface RubricCriterion {
  /** Stable id, e.g. `evidence-of-need`. Unique within the rubric. */
  id: string;
  title: string;
  /** Relative weight of the criterion in the capstone percent (weights need not sum to 100). */
  weight: number;
  /** Ordered from lowest to highest points. */
  levels: RubricLevel[];
}

export interface CapstoneDefinition {
  title: string;
  /** The brief as authored (Markdown) and rendered. */
  brief: string;
  briefHtml: string;
  sections: CapstoneSection[];
  rubric: { criteria: RubricCriterion[] };
  /** Peer review's own rubric (capstone.yaml `peerRubric:`), used when peer-review settings say `rubric: own`. */
  peerRubric?: { criteria: RubricCriterion[] };
  /** The capstone percent at or above which the capstone is passed. */
  passPercent: number;
}

/** One row of the activities table. Dates are local calendar dates (YYYY-MM-DD). */
export interface PlanActivity {
  what: string;
  who: string;
  start: string;
  end: string;
  kpi: string;
}

/** One row of the budget table. `cost` is a decimal string with at most 2 decimals, e.g. "1250.50". */
export interface PlanBudgetLine {
  item: string;
  category: string;
  cost: string;
  fundingSource: string;
}

export type PlanSectionContent =
  | { kind: 'text'; text: string }
  | { kind: 'activities'; rows: PlanActivity[] }
  | { kind: 'budget'; currency: string; lines: PlanBudgetLine[] };

/**
 * A plan as stored in `capstone_drafts.content` and, frozen, in `capstone_submissions.content`: one entry per
 * section id of the definition. Totals are never stored; they are computed on the server when shown.
 */
export interface PlanContent {
  sections: Record<string, PlanSectionContent>;
}

/** A trainer's judgement on one criterion, as stored in `capstone_grades.criteria`. */
export interface CriterionGrade {
  criterionId: string;
  /** Null while the grade is a draft and this criterion is not yet judged. */
  levelId: string | null;
  comment: string;
}

/** Component weights of the final grade, from course.yaml `gradebook:`. */
export interface GradebookWeights {
  quizzes: number;
  capstone: number;
  /** Zero until peer review lands. */
  peerReview: number;
  /** The final percent at or above which the course is passed (the capstone must also reach its passPercent). */
  passPercent: number;
}
