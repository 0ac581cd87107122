import type { CompletionRules, SectionKind } from '../../content/domain/content.types.js';
import type { CourseVersionSummary, CourseVersionView, ModuleView } from '../../content/content.views.js';

const KIND_LABELS: Record<SectionKind, string | null> = {
  lesson: null,
  'case-study': 'Case study',
  workshop: 'Workshop',
  exercise: 'Practical exercise',
  'action-planning': 'Action planning',
};

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
      summary: course.summary,
      hours: course.hours,
      moduleCount: course.moduleCount,
      weekCount: course.weekCount,
      versionNumber: course.versionNumber,
    })),
  };
}

export function describeCompletion(rules: CompletionRules): string[] {
  const every = (value: 'all' | number, all: string, some: (count: number) => string) =>
    value === 'all' ? all : value > 0 ? some(value) : null;
  return [
    every(rules.modules, 'Complete every module.', (count) => `Complete at least ${count} modules.`),
    every(rules.quizzes, 'Pass the quiz of every module.', (count) => `Pass at least ${count} module quizzes.`),
    rules.capstone ? 'Submit a capstone action plan graded at or above its pass level.' : null,
    rules.peerReviews > 0 ? `Review ${rules.peerReviews} of your peers’ capstones.` : null,
  ].filter((line): line is string => line !== null);
}

export function courseModel(course: CourseVersionView, pinned: boolean) {
  const version = pinned ? course.versionNumber : undefined;
  const byId = new Map(course.modules.map((module) => [module.id, module]));
  return {
    title: course.title,
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
