import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { isUuid } from '../../common/ids.js';
import { FileStorage } from '../../infra/storage/file-storage.js';
import { checkFile, FILE_KINDS, sanitizeFileName } from './domain/file-type.js';
import { CapstoneSubmissionsRepository, type AttachmentRecord } from './capstone-submissions.repository.js';
import type { CapstoneContext } from './capstone-plans.service.js';
import { CapstonePlansService } from './capstone-plans.service.js';
import {
  AttachmentRefusedError,
  AttachmentTooLargeError,
  CapstoneAttachmentNotFoundError,
  TooManyAttachmentsError,
} from './capstones.errors.js';

export const ATTACHMENT_LIMIT_MB = 10;
export const ATTACHMENT_LIMIT_BYTES = ATTACHMENT_LIMIT_MB * 1024 * 1024;
export const MAX_ATTACHMENTS = 10;

export interface AttachmentDownload {
  attachment: AttachmentRecord;
  stream: Readable;
}

/** Files on a plan: checked by content, stored under the institute, never overwritten, removed only from the plan. */
@Injectable()
export class CapstoneAttachmentsService {
  constructor(
    private readonly plans: CapstonePlansService,
    private readonly repository: CapstoneSubmissionsRepository,
    private readonly storage: FileStorage,
  ) {}

  async upload(context: CapstoneContext, originalName: string, bytes: Buffer): Promise<AttachmentRecord> {
    const owner = this.plans.ownerOf(context);
    if (bytes.length > ATTACHMENT_LIMIT_BYTES) throw new AttachmentTooLargeError(ATTACHMENT_LIMIT_MB);
    const check = checkFile(originalName, bytes);
    if (!check.ok) throw new AttachmentRefusedError(check.reason);
    if ((await this.repository.listCurrentAttachments(owner)).length >= MAX_ATTACHMENTS) {
      throw new TooManyAttachmentsError(MAX_ATTACHMENTS);
    }
    const id = randomUUID();
    const key = `institutes/${owner.instituteId}/capstones/${owner.cohortId}/${owner.userId}/${id}`;
    const stored = await this.storage.put(key, bytes);
    return this.repository.insertAttachment(owner, {
      id,
      fileName: sanitizeFileName(originalName, FILE_KINDS[check.kind].extensions[0]),
      mediaType: check.mediaType,
      sizeBytes: stored.sizeBytes,
      sha256: stored.sha256,
      storageKey: stored.key,
    });
  }

  async remove(context: CapstoneContext, attachmentId: string): Promise<void> {
    const owner = this.plans.ownerOf(context);
    if (!isUuid(attachmentId) || !(await this.repository.markAttachmentRemoved(owner, attachmentId))) {
      throw new CapstoneAttachmentNotFoundError();
    }
  }

  /**
   * The file for its owner and the cohort's staff only, looked up within the institute and cohort of the address:
   * anyone else, and any other institute's address, gets "not found".
   */
  async download(context: CapstoneContext, attachmentId: string): Promise<AttachmentDownload> {
    const { institute, cohort } = context.access;
    const attachment = isUuid(attachmentId)
      ? await this.repository.findAttachment(institute.id, cohort.id, attachmentId)
      : null;
    const mayRead = attachment && (context.access.isStaff || attachment.userId === context.owner?.userId);
    if (!attachment || !mayRead || !attachment.storageKey.startsWith(`institutes/${institute.id}/`)) {
      throw new CapstoneAttachmentNotFoundError();
    }
    const stream = await this.storage.open(attachment.storageKey);
    if (!stream) throw new CapstoneAttachmentNotFoundError();
    return { attachment, stream };
  }
}
