import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CapstoneSubmissionEntity } from './capstone-submission.entity.js';

export type CapstoneExportStatus = 'queued' | 'done' | 'failed';

/** The PDF of one submitted version: rendered once by the worker, since the version never changes. */
@Entity({ name: 'capstone_exports' })
@Check('CHK_capstone_exports_status', `"status" IN ('queued', 'done', 'failed')`)
@Check(
  'CHK_capstone_exports_done',
  `"status" <> 'done' OR ("storage_key" IS NOT NULL AND "sha256" IS NOT NULL AND "size_bytes" IS NOT NULL)`,
)
export class CapstoneExportEntity {
  @PrimaryColumn({ name: 'submission_id', type: 'uuid', primaryKeyConstraintName: 'PK_capstone_exports' })
  submissionId!: string;

  @ManyToOne(() => CapstoneSubmissionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'submission_id', foreignKeyConstraintName: 'FK_capstone_exports_submission' })
  submission?: CapstoneSubmissionEntity;

  @Column({ name: 'institute_id', type: 'uuid' })
  instituteId!: string;

  @Column({ type: 'text', default: 'queued' })
  status!: CapstoneExportStatus;

  @Column({ name: 'storage_key', type: 'text', nullable: true })
  storageKey!: string | null;

  @Column({ type: 'char', length: 64, nullable: true })
  sha256!: string | null;

  @Column({ name: 'size_bytes', type: 'integer', nullable: true })
  sizeBytes!: number | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ name: 'requested_at', type: 'timestamptz', default: () => 'now()' })
  requestedAt!: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;
}
