import { Check, Column, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import type { CriterionGrade } from '../../capstones/domain/capstone.types.js';
import { PeerReviewAllocationEntity } from './peer-review-allocation.entity.js';

/** The review written for one allocation: a draft until `submittedAt`; rated and possibly flagged by the author. */
@Entity({ name: 'peer_reviews' })
@Check('CHK_peer_reviews_helpfulness', `"helpfulness" IS NULL OR ("helpfulness" >= 1 AND "helpfulness" <= 5)`)
@Check('CHK_peer_reviews_flag', `("flagged_at" IS NULL) = ("flag_reason" IS NULL)`)
export class PeerReviewEntity {
  @PrimaryColumn({ name: 'allocation_id', type: 'uuid', primaryKeyConstraintName: 'PK_peer_reviews' })
  allocationId!: string;

  @OneToOne(() => PeerReviewAllocationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'allocation_id', foreignKeyConstraintName: 'FK_peer_reviews_allocation' })
  allocation?: PeerReviewAllocationEntity;

  @Column({ name: 'institute_id', type: 'uuid' })
  instituteId!: string;

  @Column({ type: 'jsonb' })
  criteria!: CriterionGrade[];

  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt!: Date | null;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;

  /** The author's rating of how helpful the review was, 1 to 5. */
  @Column({ type: 'smallint', nullable: true })
  helpfulness!: number | null;

  @Column({ name: 'helpfulness_at', type: 'timestamptz', nullable: true })
  helpfulnessAt!: Date | null;

  @Column({ name: 'flagged_at', type: 'timestamptz', nullable: true })
  flaggedAt!: Date | null;

  @Column({ name: 'flag_reason', type: 'text', nullable: true })
  flagReason!: string | null;
}
