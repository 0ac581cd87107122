import { Injectable, Logger } from '@nestjs/common';
import type { Readable } from 'node:stream';
import type { RequestViewer } from '../../common/auth/viewer.js';
import { isUuid } from '../../common/ids.js';
import { JobQueue } from '../../infra/queue/job-queue.service.js';
import { FileStorage } from '../../infra/storage/file-storage.js';
import type { CohortAccess } from '../cohorts/cohort-access.service.js';
import { CapstoneContextService } from './capstone-context.service.js';
import { CapstoneExportsRepository, type ExportRecord } from './capstone-exports.repository.js';
import { CapstoneSubmissionNotFoundError } from './capstones.errors.js';

/** A submitted version the viewer may export: its author's, or any of the cohort for the cohort's staff. */
export interface ExportTarget {
  access: CohortAccess;
  submissionId: string;
  version: number;
  participantName: string;
}

/** The API side of action-plan PDFs: who may ask, asking (a queued job), and the finished file. */
@Injectable()
export class CapstoneExportService {
  private readonly logger = new Logger(CapstoneExportService.name);

  constructor(
    private readonly contexts: CapstoneContextService,
    private readonly exports: CapstoneExportsRepository,
    private readonly jobs: JobQueue,
    private readonly storage: FileStorage,
  ) {}

  /** Anyone but the author and the cohort's staff is told there is no such submission. */
  async target(
    viewer: RequestViewer | null | undefined,
    instituteSlug: string,
    cohortId: string,
    submissionId: string,
  ): Promise<ExportTarget> {
    const access = await this.contexts.access(viewer, instituteSlug, cohortId);
    const owner = isUuid(submissionId)
      ? await this.exports.findSubmissionOwner(access.institute.id, access.cohort.id, submissionId)
      : null;
    if (!owner || (!access.isStaff && owner.userId !== viewer?.userId)) throw new CapstoneSubmissionNotFoundError();
    return { access, submissionId, version: owner.version, participantName: owner.participantName };
  }

  /**
   * Asks the worker for the PDF. A done export is kept; a queued one is queued again under the same job id,
   * which BullMQ ignores while that job exists (one render however often it is asked); a failed one is queued
   * again with a new request time.
   */
  async request(target: ExportTarget): Promise<ExportRecord> {
    const instituteId = target.access.institute.id;
    const record = await this.exports.requestExport(instituteId, target.submissionId);
    if (record.status !== 'queued') return record;
    // One job per request of the row: a retry after a failure gets a new request time, hence a new job. (BullMQ
    // takes custom ids with exactly two colons.)
    const jobId = `capstone-export:${target.submissionId}:${record.requestedAt.getTime()}`;
    try {
      await this.jobs.enqueue('capstones.export-pdf', { instituteId, submissionId: target.submissionId }, { jobId });
    } catch (error) {
      // The row stays queued: asking again enqueues it again.
      this.logger.error(`could not enqueue the export of ${target.submissionId}: ${String(error)}`);
    }
    return record;
  }

  async status(target: ExportTarget): Promise<ExportRecord | null> {
    return this.exports.findExport(target.access.institute.id, target.submissionId);
  }

  /** The stored PDF of a done export, or null when it is not (or no longer) there. */
  async open(record: ExportRecord): Promise<Readable | null> {
    return record.status === 'done' && record.storageKey ? this.storage.open(record.storageKey) : null;
  }
}

/** A download name of plain ASCII letters, digits and dashes, e.g. `action-plan-sita-sharma-v2.pdf`. */
export function exportFileName(participantName: string, version: number): string {
  const slug = participantName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `action-plan-${slug ? `${slug}-` : ''}v${version}.pdf`;
}
