import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { UserEntity } from '../../accounts/entities/user.entity.js';
import { CapstoneSubmissionEntity } from '../../capstones/entities/capstone-submission.entity.js';
import { CohortEntity } from '../../cohorts/entities/cohort.entity.js';

export type AllocationStatus = 'assigned' | 'started' | 'submitted' | 'replaced' | 'cancelled';

/** Why a replaced or cancelled allocation ended. */
export type AllocationEndReason = 'not-started' | 'dropped-out' | 'trainer';

/** A reviewer asked to review one submitted version. Never deleted: a replaced reviewer's row stays as `replaced`. */
@Entity({ name: 'peer_review_allocations' })
@Check(
  'CHK_peer_review_allocations_status',
  `"status" IN ('assigned', 'started', 'submitted', 'replaced', 'cancelled')`,
)
@Check('CHK_peer_review_allocations_no_self_review', `"author_id" <> "reviewer_id"`)
@Check('CHK_peer_review_allocations_round', `"round" >= 1`)
@Check(
  'CHK_peer_review_allocations_end_reason',
  `"end_reason" IS NULL OR "end_reason" IN ('not-started', 'dropped-out', 'trainer')`,
)
@Index('peer_review_allocations_active', { synchronize: false })
@Index('peer_review_allocations_reviewer', ['cohortId', 'reviewerId'])
@Index('peer_review_allocations_submission', ['cohortId', 'submissionId'])
export class PeerReviewAllocationEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_peer_review_allocations' })
  id!: string;

  @Column({ name: 'institute_id', type: 'uuid' })
  instituteId!: string;

  @Column({ name: 'cohort_id', type: 'uuid' })
  cohortId!: string;

  @ManyToOne(() => CohortEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'cohort_id', foreignKeyConstraintName: 'FK_peer_review_allocations_cohort' })
  cohort?: CohortEntity;

  @Column({ name: 'submission_id', type: 'uuid' })
  submissionId!: string;

  @ManyToOne(() => CapstoneSubmissionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'submission_id', foreignKeyConstraintName: 'FK_peer_review_allocations_submission' })
  submission?: CapstoneSubmissionEntity;

  @Column({ name: 'author_id', type: 'uuid' })
  authorId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'author_id', foreignKeyConstraintName: 'FK_peer_review_allocations_author' })
  author?: UserEntity;

  @Column({ name: 'reviewer_id', type: 'uuid' })
  reviewerId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'reviewer_id', foreignKeyConstraintName: 'FK_peer_review_allocations_reviewer' })
  reviewer?: UserEntity;

  @Column({ type: 'text', default: 'assigned' })
  status!: AllocationStatus;

  /** Which allocation run of the cohort made this row (1 at the due date; later runs for late work and refills). */
  @Column({ type: 'integer' })
  round!: number;

  @Column({ name: 'assigned_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  assignedAt!: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'due_at', type: 'timestamptz', nullable: true })
  dueAt!: Date | null;

  /** When the allocation was replaced or cancelled. */
  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt!: Date | null;

  @Column({ name: 'end_reason', type: 'text', nullable: true })
  endReason!: AllocationEndReason | null;
}
