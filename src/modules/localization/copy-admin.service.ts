import { Injectable } from '@nestjs/common';
import type { Locale } from '../../infra/i18n/locales.js';
import { TemplateRenderer } from '../../infra/templates/template-renderer.js';
import { ContentService } from '../content/content.service.js';
import type { CourseContent } from '../content/domain/content.types.js';
import type { InstituteView } from '../institutes/institutes.service.js';
import { CopyOverlayService } from './copy-overlay.service.js';
import type { CopyUnitRecord, CourseCopyRecord, NewCopyUnit } from './course-copies.repository.js';
import { CourseCopiesService } from './course-copies.service.js';
import { copyProgress, groupOf, unitStatus } from './domain/copy-progress.js';
import { LOCAL_PREFIX, localUnitId } from './domain/localize-course.js';
import { listCourseUnits, UNIT_ID_SEPARATOR, type TranslationUnit } from './domain/translation-units.js';
import type { CopyBranding } from './entities/course-copy.entity.js';
import { CourseCopyInvalidError, CourseCopyNotFoundError } from './localization.errors.js';

export interface CreateCopyForm {
  course: string;
  version?: string;
  language: string;
  title: string;
  slug: string;
  logoText?: string;
  accentColor?: string;
  footer?: string;
}

export interface UnitForm {
  unit: string;
  shown: string;
  action: string;
  text?: string;
}

export interface SectionForm {
  after: string;
  title: string;
  markdown: string;
}

const MAX_TEXT = 100_000;
const ACTIONS = ['translate', 'adapt', 'hide', 'revert'] as const;

export function copyAdminHref(instituteSlug: string, copySlug: string, group?: string): string {
  return `/i/${instituteSlug}/admin/copies/${copySlug}${group ? `/units/${group}` : ''}`;
}

/** Units a copy may hide: a section (either field hides it) and a module objective. */
export function isHideable(unitId: string): boolean {
  const parts = unitId.split(UNIT_ID_SEPARATOR);
  return (parts[1] === 'sections' && parts.length === 4) || (parts[1] === 'objectives' && parts.length === 3);
}

/** The institute admin's copy pages: list and create copies, see progress, edit units. */
@Injectable()
export class CopyAdminService {
  constructor(
    private readonly copies: CourseCopiesService,
    private readonly overlay: CopyOverlayService,
    private readonly content: ContentService,
    private readonly renderer: TemplateRenderer,
  ) {}

  async copiesPage(institute: InstituteView) {
    const [copies, courses] = await Promise.all([this.copies.listCopies(institute), this.content.listCourses()]);
    return {
      institute,
      copies: copies.map((copy) => ({ ...copy, href: copyAdminHref(institute.slug, copy.slug) })),
      courses: courses.map((course) => ({ slug: course.slug, title: course.title })),
    };
  }

  async create(institute: InstituteView, form: CreateCopyForm, actorUserId: string): Promise<CourseCopyRecord> {
    const versions = (await this.content.listCourses()).some((course) => course.slug === form.course)
      ? await this.content.listVersions(form.course)
      : [];
    if (versions.length === 0)
      throw new CourseCopyInvalidError(`course: no master course "${form.course}".`, { field: 'course' });
    const wanted = form.version?.trim() ? Number(form.version) : null;
    const version = wanted === null ? versions[0] : versions.find((entry) => entry.versionNumber === wanted);
    if (!version)
      throw new CourseCopyInvalidError(`version: course "${form.course}" has no version ${form.version}.`, {
        field: 'version',
      });
    const branding: CopyBranding = {};
    if (form.logoText?.trim()) branding.logoText = form.logoText.trim();
    if (form.accentColor?.trim()) branding.accentColor = form.accentColor.trim();
    if (form.footer?.trim()) branding.footer = form.footer.trim();
    return this.copies.createCopy(
      institute,
      {
        courseId: version.courseId,
        baseVersionId: version.versionId,
        language: form.language,
        title: form.title,
        slug: form.slug,
        branding,
      },
      actorUserId,
    );
  }

  private groupLabel(locale: Locale, course: CourseContent, group: string): string {
    if (group === 'course') return this.renderer.t(locale, 'localization.admin.groupCourse');
    if (group === 'capstone') return this.renderer.t(locale, 'localization.admin.groupCapstone');
    const module = course.modules.find((entry) => entry.id === group);
    return this.renderer.t(locale, 'localization.admin.groupModule', {
      number: module?.number ?? 0,
      title: module?.title ?? group,
    });
  }

  async copyPage(institute: InstituteView, copySlug: string, locale: Locale) {
    const copy = await this.copies.getCopy(institute, copySlug);
    const [course, units, localized, versions] = await Promise.all([
      this.copies.loadCourseContent(copy.baseVersionId),
      this.copies.currentUnits(copy),
      this.overlay.localize(copy, copy.baseVersionId),
      this.content.listVersions(copy.courseSlug),
    ]);
    const newest = versions[0];
    const href = copyAdminHref(institute.slug, copy.slug);
    return {
      copy,
      publicHref: `/i/${institute.slug}/courses/${copy.slug}`,
      // Translation files, upstream diff and rebase, package: the localization-exchange pages.
      exchangeHref: `${href}/exchange`,
      newerVersion:
        newest && newest.versionNumber > copy.baseVersionNumber
          ? { number: newest.versionNumber, href: `${href}/upstream` }
          : null,
      groups: copyProgress(course, units).map((entry) => ({
        ...entry,
        label: this.groupLabel(locale, course, entry.group),
        href: copyAdminHref(institute.slug, copy.slug, entry.group),
      })),
      problems: localized.problems,
    };
  }

  private async group(institute: InstituteView, copySlug: string, group: string) {
    const copy = await this.copies.getCopy(institute, copySlug);
    const [course, units] = await Promise.all([
      this.copies.loadCourseContent(copy.baseVersionId),
      this.copies.currentUnits(copy),
    ]);
    const moduleIds = new Set(course.modules.map((module) => module.id));
    if (group !== 'course' && group !== 'capstone' && !moduleIds.has(group))
      throw new CourseCopyNotFoundError(`${copySlug}/${group}`);
    const masterUnits = listCourseUnits(course).filter((unit) => groupOf(unit.id, moduleIds) === group);
    return { copy, course, units, masterUnits };
  }

  async editor(institute: InstituteView, copySlug: string, group: string, locale: Locale) {
    const { copy, course, units, masterUnits } = await this.group(institute, copySlug, group);
    const module = course.modules.find((entry) => entry.id === group);
    const base = copyAdminHref(institute.slug, copy.slug, group);
    return {
      copy,
      masterLanguage: course.language,
      groupId: group,
      groupLabel: this.groupLabel(locale, course, group),
      isModule: module !== undefined,
      unitsAction: `${base}/units`,
      sectionsAction: `${base}/sections`,
      units: masterUnits.map((unit) => {
        const row = units.get(unit.id);
        const status = unitStatus(unit, row);
        return {
          id: unit.id,
          anchor: anchorOf(unit.id),
          note: unit.note ?? '',
          source: unit.source,
          statusLabel: this.renderer.t(locale, `localization.admin.status.${status}`),
          shown: row?.id ?? '',
          text: row && row.kind !== 'hidden' ? (row.text ?? '') : '',
          rows: Math.min(20, Math.max(2, unit.source.split('\n').length + 1)),
          hideable: isHideable(unit.id),
        };
      }),
      locals: module
        ? localSectionsOf(units, module.id, course).map((local) => ({
            ...local,
            removeAction: `${base}/sections/${local.id}/remove`,
          }))
        : [],
      anchors: module ? module.sections.map((section) => ({ id: section.id, title: section.title })) : [],
    };
  }

  /** One unit's form: new rows only, refused whole (409) when the unit changed since the form was shown. */
  async saveUnit(institute: InstituteView, copySlug: string, group: string, form: UnitForm, actorUserId: string) {
    const { copy, masterUnits } = await this.group(institute, copySlug, group);
    const unit = masterUnits.find((entry) => entry.id === form.unit);
    if (!unit) throw new CourseCopyInvalidError(`unit: "${form.unit}" is not a unit of ${group}.`, { unit: form.unit });
    if (!(ACTIONS as readonly string[]).includes(form.action))
      throw new CourseCopyInvalidError(
        `action: unit ${unit.id}: "${form.action}" is not one of ${ACTIONS.join(', ')}.`,
        {
          unit: unit.id,
        },
      );
    const row = toRow(unit, form);
    await this.copies.saveUnits(copy, [row], actorUserId, {
      shown: new Map([[unit.id, form.shown.trim() || null]]),
      action: `course-copy.unit-${form.action}`,
    });
    return copyAdminHref(institute.slug, copy.slug, group) + `#${anchorOf(unit.id)}`;
  }

  async addSection(institute: InstituteView, copySlug: string, group: string, form: SectionForm, actorUserId: string) {
    const { copy, course, units } = await this.group(institute, copySlug, group);
    const module = course.modules.find((entry) => entry.id === group);
    if (!module) throw new CourseCopyNotFoundError(`${copySlug}/${group}`);
    if (form.after !== module.id && !module.sections.some((section) => section.id === form.after))
      throw new CourseCopyInvalidError(`after: "${form.after}" is not a section of ${module.id}.`, { field: 'after' });
    const title = form.title.trim();
    const markdown = form.markdown.trim();
    if (!title || title.length > 200)
      throw new CourseCopyInvalidError('title: give the section a heading of 1 to 200 characters.', { field: 'title' });
    if (!markdown || markdown.length > MAX_TEXT)
      throw new CourseCopyInvalidError(`markdown: write the section's text (at most ${MAX_TEXT} characters).`, {
        field: 'markdown',
      });
    const taken = new Set([...units.keys()].map((unitId) => unitId.split(UNIT_ID_SEPARATOR)[1]));
    let number = 1;
    while (taken.has(`${module.id}-local-${number}`)) number += 1;
    const sectionId = `${module.id}-local-${number}`;
    await this.copies.saveUnits(
      copy,
      [
        {
          unitId: localUnitId(sectionId, 'title'),
          kind: 'added',
          text: title,
          sourceHash: null,
          afterUnit: form.after,
        },
        {
          unitId: localUnitId(sectionId, 'markdown'),
          kind: 'added',
          text: markdown,
          sourceHash: null,
          afterUnit: form.after,
        },
      ],
      actorUserId,
      { shown: new Map([[localUnitId(sectionId, 'title'), null]]), action: 'course-copy.section-added' },
    );
    return copyAdminHref(institute.slug, copy.slug, group) + '#local-sections';
  }

  async removeSection(
    institute: InstituteView,
    copySlug: string,
    group: string,
    sectionId: string,
    actorUserId: string,
  ) {
    const { copy, units } = await this.group(institute, copySlug, group);
    const current = units.get(localUnitId(sectionId, 'markdown'));
    if (!current || current.kind !== 'added') throw new CourseCopyNotFoundError(`${copySlug}/${sectionId}`);
    await this.copies.saveUnits(
      copy,
      (['title', 'markdown'] as const).map((field) => ({
        unitId: localUnitId(sectionId, field),
        kind: 'hidden' as const,
        text: null,
        sourceHash: null,
        afterUnit: current.afterUnit,
      })),
      actorUserId,
      { shown: new Map([[localUnitId(sectionId, 'markdown'), current.id]]), action: 'course-copy.section-removed' },
    );
    return copyAdminHref(institute.slug, copy.slug, group) + '#local-sections';
  }
}

function anchorOf(unitId: string): string {
  return `unit-${unitId.replaceAll(UNIT_ID_SEPARATOR, '--')}`;
}

function toRow(unit: TranslationUnit, form: UnitForm): NewCopyUnit {
  const text = (form.text ?? '').replace(/\r\n/g, '\n');
  switch (form.action) {
    case 'translate':
    case 'adapt':
      if (!text.trim())
        throw new CourseCopyInvalidError(`text: unit ${unit.id}: write the text (or revert to the master text).`, {
          unit: unit.id,
        });
      if (text.length > MAX_TEXT)
        throw new CourseCopyInvalidError(`text: unit ${unit.id}: at most ${MAX_TEXT} characters.`, { unit: unit.id });
      return {
        unitId: unit.id,
        kind: form.action === 'adapt' ? 'adapted' : 'translated',
        text,
        sourceHash: unit.sourceHash,
      };
    case 'hide':
      if (!isHideable(unit.id))
        throw new CourseCopyInvalidError(`action: unit ${unit.id} cannot be hidden (only sections and objectives).`, {
          unit: unit.id,
        });
      return { unitId: unit.id, kind: 'hidden', text: null, sourceHash: unit.sourceHash };
    default:
      // Revert: back to the master text, marked "not yet translated"; the earlier rows stay as history.
      return { unitId: unit.id, kind: 'translated', text: null, sourceHash: unit.sourceHash };
  }
}

/** The local sections of a module, placed as readers see them. */
function localSectionsOf(units: Map<string, CopyUnitRecord>, moduleId: string, course: CourseContent) {
  const sectionIds = new Set(
    course.modules.find((module) => module.id === moduleId)?.sections.map((section) => section.id),
  );
  const result: { id: string; title: string; markdown: string; anchor: string }[] = [];
  for (const [unitId, row] of units) {
    const [prefix, sectionId, field] = unitId.split(UNIT_ID_SEPARATOR);
    if (prefix !== LOCAL_PREFIX || field !== 'markdown' || row.kind !== 'added') continue;
    const anchor = row.afterUnit ?? '';
    if (anchor !== moduleId && !sectionIds.has(anchor) && !sectionId.startsWith(`${moduleId}-`)) continue;
    result.push({
      id: sectionId,
      title: units.get(localUnitId(sectionId, 'title'))?.text ?? '',
      markdown: row.text ?? '',
      anchor,
    });
  }
  return result;
}
