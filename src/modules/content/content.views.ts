import type { PeerReviewSettings, PeerReviewSettingsOverride } from '../peer-review/domain/peer-review-settings.js';
import type { Question } from '../quizzes/domain/question.types.js';
import type {
  CompletionRules,
  ContentItem,
  GradebookWeights,
  QuizSettings,
  SectionKind,
} from './domain/content.types.js';

/** What a course version stores besides its modules: the outline shown on the course page. */
export interface CourseOutline {
  introductionMarkdown: string;
  introductionHtml: string;
  hours: number;
  outcomes: ContentItem[];
  audience: ContentItem[];
  methodologies: ContentItem[];
  benefits: { participants: ContentItem[]; organization: ContentItem[] };
  weeks: { id: string; number: number; title: string; moduleIds: string[] }[];
  actionPlan: ContentItem[];
  completion: CompletionRules;
  /** Absent from versions imported before the gradebook existed: read `CourseVersionView.gradebook` instead. */
  gradebook?: GradebookWeights;
  /** course.yaml `peerReview:` as written; absent when the course sets none (the defaults apply). */
  peerReview?: PeerReviewSettingsOverride;
}

export interface CourseVersionSummary {
  versionId: string;
  courseId: string;
  slug: string;
  versionNumber: number;
  contentHash: string;
  language: string;
  title: string;
  summary: string;
  importedAt: Date;
}

export interface ModuleSummary {
  id: string;
  number: number;
  weekNumber: number;
  title: string;
  estimatedMinutes: number;
  /** The module's quiz as the course sets it (a cohort may change the settings); null when it has none. */
  quiz: { settings: QuizSettings; questionCount: number } | null;
}

export interface CourseVersionView extends CourseVersionSummary {
  outline: CourseOutline;
  modules: ModuleSummary[];
  /** Weights of the final grade in this version (the defaults for a version imported without them). */
  gradebook: GradebookWeights;
  /** Peer-review settings of this version: course.yaml `peerReview:` over the defaults. */
  peerReview: PeerReviewSettings;
}

export interface SectionView {
  id: string;
  title: string;
  kind: SectionKind;
  html: string;
}

export interface ModuleView extends ModuleSummary {
  objectives: ContentItem[];
  introductionHtml: string;
  sections: SectionView[];
}

/** A module's question bank in one course version: what attempts draw from and are scored against. */
export interface QuestionBank {
  /** The course_modules row, so an attempt records exactly which version it was drawn from. */
  courseModuleId: string;
  questions: BankQuestion[];
}

export interface BankQuestion {
  key: string;
  type: Question['type'];
  points: number;
  /** As authored: scoring reads this. Never sent to a participant before review allows. */
  definition: Question;
  /** Markdown rendered to HTML. */
  rendered: Question;
}
