import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CohortEntity } from '../../cohorts/entities/cohort.entity.js';
import { PeerReviewAllocationEntity } from './peer-review-allocation.entity.js';

export type ModerationDecision = 'keep' | 'exclude';

/** Append-only: a trainer's decision on one review (keep it, or exclude it from scoring); the newest one stands. */
@Entity({ name: 'peer_review_moderation_decisions' })
@Check('CHK_peer_review_moderation_decisions_decision', `"decision" IN ('keep', 'exclude')`)
@Check('CHK_peer_review_moderation_decisions_note', `length(btrim("note")) > 0`)
@Index('peer_review_moderation_decisions_allocation', ['allocationId', 'createdAt'])
@Index('peer_review_moderation_decisions_cohort', ['cohortId'])
export class PeerReviewModerationDecisionEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_peer_review_moderation_decisions' })
  id!: string;

  @Column({ name: 'institute_id', type: 'uuid' })
  instituteId!: string;

  @Column({ name: 'cohort_id', type: 'uuid' })
  cohortId!: string;

  @ManyToOne(() => CohortEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'cohort_id', foreignKeyConstraintName: 'FK_peer_review_moderation_decisions_cohort' })
  cohort?: CohortEntity;

  @Column({ name: 'allocation_id', type: 'uuid' })
  allocationId!: string;

  @ManyToOne(() => PeerReviewAllocationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'allocation_id', foreignKeyConstraintName: 'FK_peer_review_moderation_decisions_allocation' })
  allocation?: PeerReviewAllocationEntity;

  @Column({ type: 'text' })
  decision!: ModerationDecision;

  @Column({ type: 'text' })
  note!: string;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  createdAt!: Date;
}
