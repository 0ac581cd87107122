import type { CompletionRules, ContentItem, SectionKind } from './domain/content.types.js';

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
}

export interface CourseVersionView extends CourseVersionSummary {
  outline: CourseOutline;
  modules: ModuleSummary[];
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
