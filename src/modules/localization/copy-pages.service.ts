import { Injectable } from '@nestjs/common';
import type { SectionKind } from '../content/domain/content.types.js';
import { InstituteNotFoundError } from '../institutes/institutes.errors.js';
import { InstitutesService, type InstituteView } from '../institutes/institutes.service.js';
import { CopyOverlayService } from './copy-overlay.service.js';
import type { CourseCopyRecord } from './course-copies.repository.js';
import { CourseCopiesService } from './course-copies.service.js';
import type { LocalizedCourse, LocalizedModule } from './domain/localize-course.js';
import { CourseCopyNotFoundError } from './localization.errors.js';

const KIND_KEYS: Record<SectionKind, string | null> = {
  lesson: null,
  'case-study': 'localization.kind.caseStudy',
  workshop: 'localization.kind.workshop',
  exercise: 'localization.kind.exercise',
  'action-planning': 'localization.kind.actionPlanning',
};

export function copyHref(instituteSlug: string, copySlug: string, moduleId?: string): string {
  return `/i/${instituteSlug}/courses/${copySlug}${moduleId ? `/modules/${moduleId}` : ''}`;
}

/** The public pages of an institute's copies: its catalogue, a copy's overview and its modules, localized. */
@Injectable()
export class CopyPagesService {
  constructor(
    private readonly institutes: InstitutesService,
    private readonly copies: CourseCopiesService,
    private readonly overlay: CopyOverlayService,
  ) {}

  async institute(slug: string): Promise<InstituteView> {
    const institute = await this.institutes.findBySlug(slug);
    if (!institute) throw new InstituteNotFoundError();
    return institute;
  }

  async catalogue(institute: InstituteView) {
    const copies = await this.copies.listCopies(institute);
    return {
      institute: { name: institute.name, slug: institute.slug },
      copies: copies.map((copy) => ({
        title: copy.title,
        language: copy.language,
        href: copyHref(institute.slug, copy.slug),
      })),
    };
  }

  private async load(
    institute: InstituteView,
    copySlug: string,
  ): Promise<{ copy: CourseCopyRecord; localized: LocalizedCourse }> {
    const copy = await this.copies.getCopy(institute, copySlug);
    return { copy, localized: await this.overlay.localize(copy, copy.baseVersionId) };
  }

  async coursePage(institute: InstituteView, copySlug: string) {
    const { copy, localized } = await this.load(institute, copySlug);
    const content = await this.copies.loadCourseContent(copy.baseVersionId);
    const byId = new Map(localized.modules.map((module) => [module.id, module]));
    return {
      copy,
      model: {
        language: copy.language,
        branding: brandingOf(copy),
        title: localized.title,
        summary: localized.summary,
        introduction: localized.introduction,
        hours: content.hours,
        moduleCount: localized.modules.length,
        outcomes: localized.outcomes,
        audience: localized.audience,
        methodologies: localized.methodologies,
        benefits: localized.benefits,
        actionPlan: localized.actionPlan,
        weeks: localized.weeks.map((week) => {
          const modules = week.moduleIds
            .map((id) => byId.get(id))
            .filter((module): module is LocalizedModule => module !== undefined);
          return {
            title: week.title,
            number: week.number,
            firstNumber: modules[0]?.number ?? 1,
            modules: modules.map((module) => ({
              title: module.title,
              estimatedMinutes: module.estimatedMinutes,
              href: copyHref(institute.slug, copy.slug, module.id),
            })),
          };
        }),
      },
    };
  }

  async modulePage(institute: InstituteView, copySlug: string, moduleId: string) {
    const { copy, localized } = await this.load(institute, copySlug);
    const index = localized.modules.findIndex((module) => module.id === moduleId);
    if (index < 0) throw new CourseCopyNotFoundError(`${copySlug}/${moduleId}`);
    const module = localized.modules[index];
    const link = (neighbour: LocalizedModule | undefined) =>
      neighbour
        ? {
            number: neighbour.number,
            title: neighbour.title.text,
            href: copyHref(institute.slug, copy.slug, neighbour.id),
          }
        : null;
    return {
      copy,
      courseTitle: localized.title.text,
      model: {
        language: copy.language,
        branding: brandingOf(copy),
        number: module.number,
        weekNumber: localized.weeks.find((week) => week.moduleIds.includes(module.id))?.number ?? 1,
        moduleCount: localized.modules.length,
        estimatedMinutes: module.estimatedMinutes,
        title: module.title,
        objectives: module.objectives,
        introduction: module.introduction,
        sections: module.sections.map((section) => ({
          ...section,
          kindKey: KIND_KEYS[section.kind],
        })),
        previous: link(localized.modules[index - 1]),
        next: link(localized.modules[index + 1]),
        courseHref: copyHref(institute.slug, copy.slug),
      },
    };
  }
}

function brandingOf(copy: CourseCopyRecord) {
  return { logoText: copy.branding.logoText ?? null, footer: copy.branding.footer ?? null };
}
