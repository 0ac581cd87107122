import { Injectable } from '@nestjs/common';
import { AuditRepository } from '../audit/audit.repository.js';
import { ContentImportService } from '../content/content-import.service.js';
import { ContentImportError } from '../content/content.errors.js';
import { hashCourse } from '../content/domain/hash-course.js';
import { InstitutesService, type InstituteView } from '../institutes/institutes.service.js';
import { CourseCopiesService } from '../localization/course-copies.service.js';
import { validateCopyFields } from '../localization/course-copies.service.js';
import { CourseCopyInvalidError } from '../localization/localization.errors.js';
import { CopyExchangeService, toStates } from './copy-exchange.service.js';
import {
  PackageFormatError,
  readCoursePackage,
  writeCoursePackage,
  type PackagedCopy,
} from './domain/course-package.js';
import type { CopyUnitState } from './domain/rebase-plan.js';
import { LocalizationExchangeRepository } from './localization-exchange.repository.js';
import { CoursePackageRefusedError, CoursePackageSourceNotFoundError } from './localization-exchange.errors.js';

export interface PackageSource {
  courseSlug: string;
  /** null: the newest version (for a copy: its base version). */
  versionNumber: number | null;
  copy: { instituteSlug: string; copySlug: string } | null;
}

export interface PackageImportReport {
  course: { slug: string; versionNumber: number; status: 'created' | 'unchanged' };
  copy: { institute: string; slug: string; status: 'created' | 'updated' | 'unchanged'; unitsWritten: number } | null;
}

/** Course packages: a version or a copy as one verified file, for another installation. */
@Injectable()
export class CoursePackageService {
  constructor(
    private readonly copies: CourseCopiesService,
    private readonly exchange: CopyExchangeService,
    private readonly contentImport: ContentImportService,
    private readonly institutes: InstitutesService,
    private readonly repository: LocalizationExchangeRepository,
    private readonly audit: AuditRepository,
  ) {}

  async exportPackage(source: PackageSource, now = new Date()): Promise<{ fileName: string; bytes: Buffer }> {
    if (source.copy) {
      const institute = await this.institutes.findBySlug(source.copy.instituteSlug);
      if (!institute) throw new CoursePackageSourceNotFoundError(`institute "${source.copy.instituteSlug}"`);
      return this.exportCopyPackage(institute, source.copy.copySlug, now);
    }
    const version = await this.repository.versionByNumber(source.courseSlug, source.versionNumber);
    if (!version)
      throw new CoursePackageSourceNotFoundError(
        `course "${source.courseSlug}"${source.versionNumber === null ? '' : ` version ${source.versionNumber}`}`,
      );
    const course = await this.copies.loadCourseContent(version.id);
    this.checkFaithful(course, version.contentHash);
    const bytes = await writeCoursePackage({ course, versionNumber: version.number, copy: null, createdAt: now });
    return { fileName: `${course.slug}-v${version.number}.cascade.zip`, bytes };
  }

  /** A copy's package: its base version, its metadata and current units, and its XLIFF. */
  async exportCopyPackage(
    institute: InstituteView,
    copySlug: string,
    now = new Date(),
  ): Promise<{ fileName: string; bytes: Buffer }> {
    const copy = await this.copies.getCopy(institute, copySlug);
    const version = await this.repository.versionById(copy.baseVersionId);
    if (!version) throw new CoursePackageSourceNotFoundError(`version of copy "${copySlug}"`);
    const course = await this.copies.loadCourseContent(copy.baseVersionId);
    this.checkFaithful(course, version.contentHash);
    const units = [...toStates(await this.copies.currentUnits(copy)).values()];
    const bytes = await writeCoursePackage({
      course,
      versionNumber: version.number,
      copy: {
        institute: institute.slug,
        slug: copy.slug,
        language: copy.language,
        title: copy.title,
        branding: { ...copy.branding },
        units,
        xliff: await this.exchange.xliff(copy),
      },
      createdAt: now,
    });
    return { fileName: `${course.slug}-v${version.number}-${institute.slug}-${copy.slug}.cascade.zip`, bytes };
  }

  /**
   * Verifies the whole package before writing anything (hashes, sizes, content hash), then in one transaction stores
   * the course through the content import (same content, same version: a no-op the second time) and, for a copy,
   * creates it in the institute (or appends the units that differ). Importing the same package twice writes nothing.
   */
  async importPackage(
    bytes: Buffer,
    options: { instituteSlug: string | null },
    actorUserId: string | null,
  ): Promise<PackageImportReport> {
    let read;
    try {
      read = await readCoursePackage(bytes);
    } catch (error) {
      if (error instanceof PackageFormatError) throw new CoursePackageRefusedError(error.message);
      throw error;
    }
    const { manifest, course, copy } = read;
    let institute: InstituteView | null = null;
    if (copy) {
      const slug = options.instituteSlug ?? manifest.copy?.institute ?? '';
      institute = await this.institutes.findBySlug(slug);
      if (!institute) throw new CoursePackageRefusedError(`no institute "${slug}" here to receive the copy`);
      try {
        validateCopyFields(institute, {
          courseId: course.id,
          baseVersionId: '',
          language: copy.language,
          title: copy.title,
          slug: copy.slug,
          branding: copy.branding,
        });
      } catch (error) {
        if (error instanceof CourseCopyInvalidError) throw new CoursePackageRefusedError(error.message);
        throw error;
      }
    }
    try {
      return await this.repository.transaction(async (manager) => {
        const stored = await this.contentImport.importParsedCourse(course, manager);
        const report: PackageImportReport = {
          course: { slug: stored.slug, versionNumber: stored.versionNumber, status: stored.status },
          copy: null,
        };
        if (copy && institute)
          report.copy = await this.importCopy(manager, institute, copy, stored.versionId, actorUserId);
        if (stored.status === 'created' || (report.copy && report.copy.status !== 'unchanged'))
          await this.audit.append(manager, {
            instituteId: institute?.id ?? null,
            actorUserId,
            action: 'course-package.imported',
            entityType: 'course_version',
            entityId: stored.versionId,
            after: { manifest: { ...manifest, files: manifest.files.map((file) => file.path) }, report },
          });
        return report;
      });
    } catch (error) {
      if (error instanceof ContentImportError) throw new CoursePackageRefusedError(error.message);
      throw error;
    }
  }

  private async importCopy(
    manager: Parameters<Parameters<LocalizationExchangeRepository['transaction']>[0]>[0],
    institute: InstituteView,
    copy: PackagedCopy,
    versionId: string,
    actorUserId: string | null,
  ): Promise<NonNullable<PackageImportReport['copy']>> {
    const existing = await this.repository.findCopy(manager, institute.id, copy.slug);
    let copyId: string;
    let current = new Map<string, CopyUnitState>();
    let status: 'created' | 'updated' | 'unchanged';
    if (existing) {
      if (existing.courseId !== (await this.repository.versionById(versionId, manager))?.courseId)
        throw new CoursePackageRefusedError(`the institute's copy "${copy.slug}" is a copy of another course`);
      if (existing.baseVersionId !== versionId)
        throw new CoursePackageRefusedError(
          `the institute's copy "${copy.slug}" is on another master version: rebase one of them first`,
        );
      copyId = existing.id;
      current = await this.repository.currentUnitStates(manager, copyId);
      status = 'updated';
    } else {
      copyId = await this.repository.insertCopy(manager, {
        instituteId: institute.id,
        courseId: (await this.repository.versionById(versionId, manager))!.courseId,
        slug: copy.slug,
        language: copy.language,
        title: copy.title,
        branding: copy.branding,
        baseVersionId: versionId,
        createdBy: actorUserId,
      });
      status = 'created';
    }
    const rows = copy.units.filter((unit) => !sameState(current.get(unit.unitId), unit));
    await this.repository.appendUnits(manager, copyId, rows, actorUserId);
    if (status === 'updated' && rows.length === 0) status = 'unchanged';
    if (status !== 'unchanged')
      await this.audit.append(manager, {
        instituteId: institute.id,
        actorUserId,
        action: 'course-copy.package-imported',
        entityType: 'course_copy',
        entityId: copyId,
        after: { units: rows.map((row) => ({ unit: row.unitId, kind: row.kind, sourceHash: row.sourceHash })) },
      });
    return { institute: institute.slug, slug: copy.slug, status, unitsWritten: rows.length };
  }

  /** A package must hold exactly the stored version: its parsed content hashes to the version's content hash. */
  private checkFaithful(course: Parameters<typeof hashCourse>[0], contentHash: string): void {
    if (hashCourse(course) !== contentHash)
      throw new Error(`the stored course ${course.slug} no longer rebuilds to its content hash`);
  }
}

function sameState(current: CopyUnitState | undefined, unit: CopyUnitState): boolean {
  return (
    current !== undefined &&
    current.kind === unit.kind &&
    current.text === unit.text &&
    current.sourceHash === unit.sourceHash &&
    current.afterUnit === unit.afterUnit
  );
}
