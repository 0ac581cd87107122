import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { PdfRenderer } from '../../infra/pdf/pdf-renderer.js';
import { FileStorage, type StoredFile } from '../../infra/storage/file-storage.js';
import { ActionPlanPdfTemplate } from './action-plan-pdf.template.js';
import { CapstoneExportsRepository } from './capstone-exports.repository.js';
import { CapstoneExportImpossibleError } from './capstone-export.errors.js';
import { actionPlanDocument } from './domain/action-plan-document.js';
import { BudgetCostError } from './domain/budget-totals.js';

export function exportStorageKey(instituteId: string, submissionId: string): string {
  return `institutes/${instituteId}/capstones/exports/${submissionId}.pdf`;
}

/** Makes the PDF of a submitted version in the worker. Run twice, it still ends with one file and one done row. */
@Injectable()
export class CapstoneExportRenderService {
  constructor(
    private readonly exports: CapstoneExportsRepository,
    private readonly storage: FileStorage,
    private readonly renderer: PdfRenderer,
    private readonly template: ActionPlanPdfTemplate,
  ) {}

  async export(instituteId: string, submissionId: string): Promise<'done' | 'already-done'> {
    const row = await this.exports.findExport(instituteId, submissionId);
    if (!row) throw new CapstoneExportImpossibleError(`no export was requested for submission ${submissionId}`);
    if (row.status === 'done') return 'already-done';
    const key = exportStorageKey(instituteId, submissionId);
    // A run that stored the file but died before recording it: the file stands, since the version never changes.
    const stored = (await this.storage.exists(key))
      ? await this.describeStored(key)
      : await this.storage.put(key, await this.renderPdf(instituteId, submissionId));
    await this.exports.markDone(instituteId, submissionId, stored);
    return 'done';
  }

  async recordFailure(instituteId: string, submissionId: string, error: unknown): Promise<void> {
    await this.exports.markFailed(instituteId, submissionId, error instanceof Error ? error.message : String(error));
  }

  private async renderPdf(instituteId: string, submissionId: string): Promise<Buffer> {
    const submission = await this.exports.findSubmissionForExport(instituteId, submissionId);
    if (!submission) throw new CapstoneExportImpossibleError(`submission ${submissionId} does not exist`);
    if (!submission.capstone)
      throw new CapstoneExportImpossibleError(`the course version of submission ${submissionId} has no capstone`);
    let document;
    try {
      document = actionPlanDocument(submission.capstone, submission.content, {
        participantName: submission.participantName,
        courseTitle: submission.courseTitle,
        cohortTitle: submission.cohortTitle,
        instituteName: submission.instituteName,
        brandColour: submission.brandColour,
        language: submission.language,
        version: submission.version,
        submittedAt: new Date(submission.submittedAt),
        timeZone: submission.timeZone,
        late: submission.late,
      });
    } catch (error) {
      if (error instanceof BudgetCostError) throw new CapstoneExportImpossibleError(error.message);
      throw error;
    }
    const { html, pdf } = this.template.render(document);
    return this.renderer.render(html, pdf);
  }

  private async describeStored(key: string): Promise<StoredFile> {
    const stream = await this.storage.open(key);
    if (!stream) throw new Error(`file storage: ${key} vanished`);
    const hash = createHash('sha256');
    let sizeBytes = 0;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      hash.update(chunk);
      sizeBytes += chunk.length;
    }
    return { key, sizeBytes, sha256: hash.digest('hex') };
  }
}
