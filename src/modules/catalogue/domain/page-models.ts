import type { CompletionRules, SectionKind } from '../../content/domain/content.types.js';
import type { CourseVersionSummary, CourseVersionView, ModuleView } from '../../content/content.views.js';

/** Catalogue keys of the section kinds shown above a section's title. */
const KIND_LABELS: Record<SectionKind, string | null> = {
  lesson: null,
  'case-study': 'catalogue.sectionKind.caseStudy',
  workshop: 'catalogue.sectionKind.workshop',
  exercise: 'catalogue.sectionKind.exercise',
  'action-planning': 'catalogue.sectionKind.actionPlanning',
};

/** An interface message to format in the page's locale: a catalogue key and its values. */
export interface Message {
  key: string;
  values?: Record<string, string | number>;
}

export function courseHref(slug: string, pinnedVersion?: number): string {
  return `/courses/${slug}${pinnedVersion ? `?version=${pinnedVersion}` : ''}`;
}

export function moduleHref(slug: string, moduleId: string, pinnedVersion?: number): string {
  return `/courses/${slug}/modules/${moduleId}${pinnedVersion ? `?version=${pinnedVersion}` : ''}`;
}

export function catalogueModel(
  courses: (CourseVersionSummary & { hours: number; moduleCount: number; weekCount: number })[],
) {
  return {
    courses: courses.map((course) => ({
      href: courseHref(course.slug),
      title: course.title,
      language: course.language,
      summary: course.summary,
      hours: course.hours,
      moduleCount: course.moduleCount,
      weekCount: course.weekCount,
      versionNumber: course.versionNumber,
    })),
  };
}

/** The certificate's rules as messages (`catalogue.completion.*`), formatted by the page in its locale. */
export function describeCompletion(rules: CompletionRules): Message[] {
  const every = (value: 'all' | number, all: string, some: string): Message | null =>
    value === 'all' ? { key: all } : value > 0 ? { key: some, values: { count: value } } : null;
  return [
    every(rules.modules, 'catalogue.completion.allModules', 'catalogue.completion.someModules'),
    every(rules.quizzes, 'catalogue.completion.allQuizzes', 'catalogue.completion.someQuizzes'),
    rules.capstone ? { key: 'catalogue.completion.capstone' } : null,
    rules.peerReviews > 0 ? { key: 'catalogue.completion.peerReviews', values: { count: rules.peerReviews } } : null,
  ].filter((line): line is Message => line !== null);
}

export function courseModel(course: CourseVersionView, pinned: boolean) {
  const version = pinned ? course.versionNumber : undefined;
  const byId = new Map(course.modules.map((module) => [module.id, module]));
  return {
    title: course.title,
    language: course.language,
    summary: course.summary,
    introductionHtml: course.outline.introductionHtml,
    hours: course.outline.hours,
    versionNumber: course.versionNumber,
    pinned,
    latestHref: courseHref(course.slug),
    moduleCount: course.modules.length,
    outcomes: course.outline.outcomes,
    audience: course.outline.audience,
    methodologies: course.outline.methodologies,
    benefits: course.outline.benefits,
    actionPlan: course.outline.actionPlan,
    completionRules: describeCompletion(course.outline.completion),
    weeks: course.outline.weeks.map((week) => {
      const modules = week.moduleIds.flatMap((moduleId) => {
        const module = byId.get(moduleId);
        return module ? [{ ...module, href: moduleHref(course.slug, module.id, version) }] : [];
      });
      return { number: week.number, title: week.title, firstNumber: modules[0]?.number ?? 1, modules };
    }),
  };
}

/** Where module links point: the public course pages by default, a cohort's pages when given. */
export interface ModuleLinks {
  module(moduleId: string): string;
  course: string;
}

export function catalogueLinks(course: CourseVersionView, pinned: boolean): ModuleLinks {
  const version = pinned ? course.versionNumber : undefined;
  return { module: (moduleId) => moduleHref(course.slug, moduleId, version), course: courseHref(course.slug, version) };
}

export function moduleModel(course: CourseVersionView, module: ModuleView, links: ModuleLinks) {
  const index = course.modules.findIndex((entry) => entry.id === module.id);
  const link = (neighbour: (typeof course.modules)[number] | undefined) =>
    neighbour ? { number: neighbour.number, title: neighbour.title, href: links.module(neighbour.id) } : null;
  return {
    title: module.title,
    language: course.language,
    number: module.number,
    weekNumber: module.weekNumber,
    moduleCount: course.modules.length,
    estimatedMinutes: module.estimatedMinutes,
    objectives: module.objectives,
    introductionHtml: module.introductionHtml,
    sections: module.sections.map((section) => ({ ...section, kindLabel: KIND_LABELS[section.kind] })),
    previous: link(course.modules[index - 1]),
    next: link(course.modules[index + 1]),
    courseHref: links.course,
  };
}
