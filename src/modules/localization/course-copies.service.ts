import { Injectable } from '@nestjs/common';
import { MemoCache } from '../../common/memo-cache.js';
import { AuditRepository } from '../audit/audit.repository.js';
import type { CourseContent } from '../content/domain/content.types.js';
import type { InstituteView } from '../institutes/institutes.service.js';
import {
  CopySlugTakenError,
  CourseCopiesRepository,
  type CopyUnitRecord,
  type CourseCopyRecord,
  type NewCopyUnit,
} from './course-copies.repository.js';
import type { CopyBranding } from './entities/course-copy.entity.js';
import {
  CourseCopyInvalidError,
  CourseCopyNotFoundError,
  CourseCopySlugTakenError,
  CourseCopyUnitConflictError,
} from './localization.errors.js';

export interface CreateCopyInput {
  courseId: string;
  baseVersionId: string;
  language: string;
  title: string;
  slug: string;
  branding: CopyBranding;
}

/**
 * What the form showed for each unit it saves: the id of the unit's newest row then, or null when it had none.
 * A save whose unit has a newer row since is refused whole (409).
 */
export type ShownUnitStates = Map<string, string | null>;

export const COPY_SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const ACCENT_PATTERN = /^#[0-9a-fA-F]{6}$/;
const BRANDING_LIMITS: Record<keyof CopyBranding, number> = { logoText: 80, accentColor: 7, footer: 500 };

/** Course copies and their units: the write side (every save is new rows plus an audit row) and the reads. */
@Injectable()
export class CourseCopiesService {
  // Stored versions never change, so their parsed content is kept without expiry.
  private readonly contents = new MemoCache<CourseContent | null>({ maxEntries: 50 });

  constructor(
    private readonly repository: CourseCopiesRepository,
    private readonly audit: AuditRepository,
  ) {}

  listCopies(institute: InstituteView): Promise<CourseCopyRecord[]> {
    return this.repository.listCopies(institute.id);
  }

  async getCopy(institute: InstituteView, slug: string): Promise<CourseCopyRecord> {
    const copy = await this.repository.findCopyBySlug(institute.id, slug);
    if (!copy) throw new CourseCopyNotFoundError(slug);
    return copy;
  }

  /** The copy a cohort runs on, by id (scoped to the institute). */
  async getCopyById(instituteId: string, copyId: string): Promise<CourseCopyRecord> {
    const copy = await this.repository.findCopyById(instituteId, copyId);
    if (!copy) throw new CourseCopyNotFoundError(copyId);
    return copy;
  }

  currentUnits(copy: CourseCopyRecord): Promise<Map<string, CopyUnitRecord>> {
    return this.repository.currentUnits(copy.instituteId, copy.id);
  }

  async loadCourseContent(versionId: string): Promise<CourseContent> {
    const content = await this.contents.get(versionId, () => this.repository.loadCourseContent(versionId));
    if (!content) throw new CourseCopyNotFoundError(versionId);
    return content;
  }

  latestRowId(copy: CourseCopyRecord): Promise<string> {
    return this.repository.latestRowId(copy.id);
  }

  newestVersionId(courseSlug: string): Promise<string | null> {
    return this.repository.findNewestVersionId(courseSlug);
  }

  async createCopy(
    institute: InstituteView,
    input: CreateCopyInput,
    actorUserId: string | null,
  ): Promise<CourseCopyRecord> {
    validateCopyFields(institute, input);
    try {
      return await this.repository.transaction(async (manager) => {
        const copy = await this.repository.createCopy(manager, {
          instituteId: institute.id,
          courseId: input.courseId,
          slug: input.slug,
          language: input.language,
          title: input.title.trim(),
          branding: input.branding,
          baseVersionId: input.baseVersionId,
          createdBy: actorUserId,
        });
        await this.audit.append(manager, {
          instituteId: institute.id,
          actorUserId,
          action: 'course-copy.created',
          entityType: 'course_copy',
          entityId: copy.id,
          after: {
            courseId: copy.courseId,
            baseVersionId: copy.baseVersionId,
            slug: copy.slug,
            language: copy.language,
            title: copy.title,
            branding: copy.branding,
          },
        });
        return copy;
      });
    } catch (error) {
      if (error instanceof CopySlugTakenError) throw new CourseCopySlugTakenError(input.slug);
      throw error;
    }
  }

  /**
   * Appends unit rows in one transaction with one audit row. With `shown`, a unit whose newest row is not the one
   * the form showed makes the whole save fail, naming the units; nothing is written.
   */
  async saveUnits(
    copy: CourseCopyRecord,
    units: NewCopyUnit[],
    actorUserId: string | null,
    options: { shown?: ShownUnitStates; action?: string } = {},
  ): Promise<CopyUnitRecord[]> {
    if (units.length === 0) return [];
    return this.repository.transaction(async (manager) => {
      if (!(await this.repository.lockCopy(manager, copy.instituteId, copy.id)))
        throw new CourseCopyNotFoundError(copy.slug);
      if (options.shown) {
        const current = await this.repository.currentUnits(copy.instituteId, copy.id, manager);
        const changed = [...options.shown]
          .filter(([unitId, shownRowId]) => (current.get(unitId)?.id ?? null) !== shownRowId)
          .map(([unitId]) => unitId);
        if (changed.length > 0) throw new CourseCopyUnitConflictError(changed);
      }
      const written = await this.repository.appendUnits(manager, copy.id, units, actorUserId);
      await this.audit.append(manager, {
        instituteId: copy.instituteId,
        actorUserId,
        action: options.action ?? 'course-copy.units-saved',
        entityType: 'course_copy',
        entityId: copy.id,
        after: {
          units: written.map((row) => ({ row: row.id, unit: row.unitId, kind: row.kind, sourceHash: row.sourceHash })),
        },
      });
      return written;
    });
  }
}

/** Names the field that is wrong (422). */
export function validateCopyFields(institute: InstituteView, input: CreateCopyInput): void {
  if (!COPY_SLUG_PATTERN.test(input.slug) || input.slug.length > 60)
    throw new CourseCopyInvalidError(
      'slug: use lowercase letters, digits and single hyphens (at most 60 characters).',
      {
        field: 'slug',
      },
    );
  if (!institute.languages.includes(input.language))
    throw new CourseCopyInvalidError(
      `language: "${input.language}" is not one of the institute's languages (${institute.languages.join(', ')}).`,
      { field: 'language' },
    );
  const title = input.title.trim();
  if (title.length === 0 || title.length > 200)
    throw new CourseCopyInvalidError('title: give a title of 1 to 200 characters.', { field: 'title' });
  validateBranding(input.branding);
}

export function validateBranding(branding: CopyBranding): void {
  for (const [key, value] of Object.entries(branding)) {
    const limit = BRANDING_LIMITS[key as keyof CopyBranding];
    if (limit === undefined)
      throw new CourseCopyInvalidError(`branding.${key}: unknown field (logoText, accentColor, footer).`, {
        field: `branding.${key}`,
      });
    if (typeof value !== 'string' || value.length > limit)
      throw new CourseCopyInvalidError(`branding.${key}: text of at most ${limit} characters.`, {
        field: `branding.${key}`,
      });
  }
  if (branding.accentColor !== undefined && !ACCENT_PATTERN.test(branding.accentColor))
    throw new CourseCopyInvalidError('branding.accentColor: a colour like #1a5276.', { field: 'branding.accentColor' });
}
