import { Injectable } from '@nestjs/common';
import { AuditRepository } from '../audit/audit.repository.js';
import type { CourseCopyRecord } from '../localization/course-copies.repository.js';
import { CourseCopiesService } from '../localization/course-copies.service.js';
import { CourseCopyNotFoundError } from '../localization/localization.errors.js';
import { masterDiff, type MasterDiff } from './domain/copy-exchange.js';
import { planRebase, type RebaseReport } from './domain/rebase-plan.js';
import {
  LocalizationExchangeRepository,
  type RebaseRecord,
  type VersionRef,
} from './localization-exchange.repository.js';
import { NoNewerMasterVersionError } from './localization-exchange.errors.js';
import { toStates } from './copy-exchange.service.js';

export interface Upstream {
  newest: VersionRef;
  diff: MasterDiff;
  /** What a rebase would do now. */
  plan: RebaseReport;
}

/** Upstream changes of a copy's master course: the diff since the copy's base, and the rebase onto the newest. */
@Injectable()
export class CopyRebaseService {
  constructor(
    private readonly copies: CourseCopiesService,
    private readonly repository: LocalizationExchangeRepository,
    private readonly audit: AuditRepository,
  ) {}

  /** The newest master version when it is newer than the copy's base, else null. */
  async newerVersion(copy: CourseCopyRecord): Promise<VersionRef | null> {
    const newest = await this.repository.newestVersion(copy.courseId);
    return newest && newest.number > copy.baseVersionNumber ? newest : null;
  }

  async upstream(copy: CourseCopyRecord): Promise<Upstream | null> {
    const newest = await this.newerVersion(copy);
    if (!newest) return null;
    const [oldCourse, newCourse, records] = await Promise.all([
      this.copies.loadCourseContent(copy.baseVersionId),
      this.copies.loadCourseContent(newest.id),
      this.copies.currentUnits(copy),
    ]);
    return {
      newest,
      diff: masterDiff(oldCourse, newCourse),
      plan: planRebase(oldCourse, newCourse, [...toStates(records).values()]).report,
    };
  }

  latestRebase(copy: CourseCopyRecord): Promise<RebaseRecord | null> {
    return this.repository.latestRebase(copy.id);
  }

  /**
   * Moves the copy onto the newest master version in one audited transaction: a rebase row with its report, the new
   * base, and new rows for re-anchored local sections. Nothing is deleted or overwritten; cohorts keep their version.
   */
  async rebase(copy: CourseCopyRecord, actorUserId: string | null): Promise<RebaseReport> {
    const newest = await this.newerVersion(copy);
    if (!newest) throw new NoNewerMasterVersionError(copy.slug);
    const [oldCourse, newCourse] = await Promise.all([
      this.copies.loadCourseContent(copy.baseVersionId),
      this.copies.loadCourseContent(newest.id),
    ]);
    return this.repository.transaction(async (manager) => {
      const base = await this.repository.lockCopyBase(manager, copy.instituteId, copy.id);
      if (base === null) throw new CourseCopyNotFoundError(copy.slug);
      // Someone rebased since this request read the copy: its plan would be for the wrong versions.
      if (base !== copy.baseVersionId) throw new NoNewerMasterVersionError(copy.slug);
      const current = await this.repository.currentUnitStates(manager, copy.id);
      const { report, newRows } = planRebase(oldCourse, newCourse, [...current.values()]);
      const rebaseId = await this.repository.recordRebase(manager, {
        copyId: copy.id,
        fromVersionId: copy.baseVersionId,
        toVersionId: newest.id,
        report,
        createdBy: actorUserId,
      });
      await this.repository.appendUnits(manager, copy.id, newRows, actorUserId);
      await this.audit.append(manager, {
        instituteId: copy.instituteId,
        actorUserId,
        action: 'course-copy.rebased',
        entityType: 'course_copy',
        entityId: copy.id,
        before: { baseVersionId: copy.baseVersionId, baseVersionNumber: copy.baseVersionNumber },
        after: {
          baseVersionId: newest.id,
          baseVersionNumber: newest.number,
          rebase: rebaseId,
          stale: report.stale.length,
          removed: report.removed.length,
          reanchored: report.reanchored.length,
        },
      });
      return report;
    });
  }
}
