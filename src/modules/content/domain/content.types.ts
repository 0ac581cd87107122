import type {
  CapstoneDefinition,
  CapstoneSection,
  GradebookWeights,
} from '../../capstones/domain/capstone.types.js';
import type { PeerReviewSettingsOverride } from '../../peer-review/domain/peer-review-settings.js';
import type { Question } from '../../quizzes/domain/question.types.js';
import type { QuizSettings } from '../../quizzes/domain/quiz-settings.js';

export type { GradebookWeights, QuizSettings };

/** A course's capstone.yaml as authored: the Markdown is rendered when the course is prepared for storing. */
export interface CapstoneContent extends Omit<CapstoneDefinition, 'briefHtml' | 'sections'> {
  sections: Omit<CapstoneSection, 'guidanceHtml'>[];
}

export const SECTION_KINDS = ['lesson', 'case-study', 'workshop', 'exercise', 'action-planning'] as const;
export type SectionKind = (typeof SECTION_KINDS)[number];

/** A piece of text with the stable id that translations and localized copies hang on. */
export interface ContentItem {
  id: string;
  text: string;
}

export interface WeekContent {
  id: string;
  number: number;
  title: string;
  moduleIds: string[];
}

export interface CompletionRules {
  modules: 'all' | number;
  quizzes: 'all' | number;
  capstone: boolean;
  peerReviews: number;
}

export interface SectionContent {
  id: string;
  title: string;
  kind: SectionKind;
  markdown: string;
}

export interface ModuleContent {
  id: string;
  number: number;
  title: string;
  estimatedMinutes: number;
  objectives: ContentItem[];
  introduction: string;
  sections: SectionContent[];
  /** From the module's .quiz.yaml, with settings resolved against the course's defaults. */
  quiz?: ModuleQuiz;
}

export interface ModuleQuiz {
  settings: QuizSettings;
  questions: Question[];
}

export interface CourseContent {
  id: string;
  slug: string;
  language: string;
  title: string;
  summary: string;
  introduction: string;
  hours: number;
  outcomes: ContentItem[];
  audience: ContentItem[];
  methodologies: ContentItem[];
  benefits: { participants: ContentItem[]; organization: ContentItem[] };
  weeks: WeekContent[];
  actionPlan: ContentItem[];
  completion: CompletionRules;
  /** Weights of the final grade, from course.yaml `gradebook:` with defaults for what it leaves out. */
  gradebook: GradebookWeights;
  /** course.yaml `peerReview:` as written (only the keys it sets); absent when it has none. */
  peerReview?: PeerReviewSettingsOverride;
  modules: ModuleContent[];
  /** From capstone.yaml; absent when the course has none. */
  capstone?: CapstoneContent;
}

/** Everything wrong with a content file is reported with where it is, so an author can go straight to it. */
export interface ContentProblem {
  file: string;
  line: number;
  message: string;
}

export function formatProblem(problem: ContentProblem): string {
  return `${problem.file}:${problem.line}: ${problem.message}`;
}
