import { Injectable } from '@nestjs/common';
import { MemoCache } from '../../common/memo-cache.js';
import type { Locale } from '../../infra/i18n/locales.js';
import { TemplateRenderer } from '../../infra/templates/template-renderer.js';
import type { CapstoneDefinition } from '../capstones/domain/capstone.types.js';
import type { ModuleView, QuestionBank } from '../content/content.views.js';
import { renderQuestion } from '../quizzes/domain/render-question.js';
import { CourseCopiesService } from './course-copies.service.js';
import type { CourseCopyRecord } from './course-copies.repository.js';
import { localizeCourse, type LocalizedCourse } from './domain/localize-course.js';
import { markedHtml, type MarkLabels } from './domain/marked-html.js';

/** A cohort as the overlay needs it: which institute, which master version, which copy (if any). */
export interface CohortOnCopy {
  instituteId: string;
  courseVersionId: string;
  courseCopyId: string | null;
}

export interface CopyText {
  copy: CourseCopyRecord;
  localized: LocalizedCourse;
}

/**
 * The copy's text over the pages of a cohort that runs on a copy: module pages, quiz questions, the capstone.
 * Only text changes: ids, scoring data and the master bank stay as they are, so attempts and grades never depend
 * on a translation.
 */
@Injectable()
export class CopyOverlayService {
  private readonly localized = new MemoCache<LocalizedCourse>({ maxEntries: 100 });

  constructor(
    private readonly copies: CourseCopiesService,
    private readonly renderer: TemplateRenderer,
  ) {}

  /** The copy text of a cohort's version; null for a cohort on the master course. */
  async forCohort(cohort: CohortOnCopy): Promise<CopyText | null> {
    if (!cohort.courseCopyId) return null;
    const copy = await this.copies.getCopyById(cohort.instituteId, cohort.courseCopyId);
    return { copy, localized: await this.localize(copy, cohort.courseVersionId) };
  }

  /** The copy over a master version (the cohort's, or the copy's base): cached until a unit of the copy changes. */
  async localize(copy: CourseCopyRecord, versionId: string): Promise<LocalizedCourse> {
    const latest = await this.copies.latestRowId(copy);
    return this.localized.get(`${copy.id}:${versionId}:${latest}`, async () =>
      localizeCourse(
        await this.copies.loadCourseContent(versionId),
        await this.copies.currentUnits(copy),
        copy.language,
      ),
    );
  }

  labels(locale: Locale): MarkLabels {
    return {
      untranslated: this.renderer.t(locale, 'localization.mark.untranslated'),
      stale: this.renderer.t(locale, 'localization.mark.stale'),
    };
  }

  /** A module page's text from the copy; untranslated and stale parts carry a visible mark. */
  overlayModule(text: CopyText, module: ModuleView, locale: Locale): ModuleView {
    const localized = text.localized.modules.find((entry) => entry.id === module.id);
    if (!localized) return module;
    const labels = this.labels(locale);
    return {
      ...module,
      title: localized.title.text,
      objectives: localized.objectives.map((objective) => ({ id: objective.id, text: objective.text })),
      introductionHtml: markedHtml(localized.introduction, labels),
      sections: localized.sections.map((section) => ({
        id: section.id,
        title: section.title.text,
        kind: section.kind,
        html: markedHtml(section.body, labels, section.title.state === 'untranslated' ? section.title : undefined),
      })),
    };
  }

  /** Module titles of the copy, for pagers and lists. */
  moduleTitle(text: CopyText, moduleId: string, fallback: string): string {
    return text.localized.modules.find((entry) => entry.id === moduleId)?.title.text ?? fallback;
  }

  /** The bank with the copy's text in `rendered`; `definition` (what scoring reads) stays the master's. */
  overlayBank(text: CopyText, moduleId: string, bank: QuestionBank): QuestionBank {
    const localized = text.localized.modules.find((entry) => entry.id === moduleId);
    if (!localized) return bank;
    const byId = new Map(localized.questions.map((question) => [question.id, question]));
    return {
      ...bank,
      questions: bank.questions.map((question) => {
        const copyQuestion = byId.get(question.key);
        return copyQuestion ? { ...question, rendered: renderQuestion(copyQuestion) } : question;
      }),
    };
  }

  /** The capstone with the copy's brief, sections and rubric text; ids, kinds, weights and points unchanged. */
  overlayCapstone(text: CopyText, definition: CapstoneDefinition): CapstoneDefinition {
    const localized = text.localized.capstone;
    if (!localized) return definition;
    return { ...localized, passPercent: definition.passPercent };
  }
}
