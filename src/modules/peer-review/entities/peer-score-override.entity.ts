import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CapstoneSubmissionEntity } from '../../capstones/entities/capstone-submission.entity.js';
import { CohortEntity } from '../../cohorts/entities/cohort.entity.js';

/** Append-only: a trainer's peer score for one submission; the newest row stands, a null percent withdraws it. */
@Entity({ name: 'peer_score_overrides' })
@Check('CHK_peer_score_overrides_percent', `"percent" IS NULL OR ("percent" >= 0 AND "percent" <= 100)`)
@Check('CHK_peer_score_overrides_reason', `length(btrim("reason")) > 0`)
@Index('peer_score_overrides_submission', ['submissionId', 'createdAt'])
export class PeerScoreOverrideEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_peer_score_overrides' })
  id!: string;

  @Column({ name: 'institute_id', type: 'uuid' })
  instituteId!: string;

  @Column({ name: 'cohort_id', type: 'uuid' })
  cohortId!: string;

  @ManyToOne(() => CohortEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'cohort_id', foreignKeyConstraintName: 'FK_peer_score_overrides_cohort' })
  cohort?: CohortEntity;

  @Column({ name: 'submission_id', type: 'uuid' })
  submissionId!: string;

  @ManyToOne(() => CapstoneSubmissionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'submission_id', foreignKeyConstraintName: 'FK_peer_score_overrides_submission' })
  submission?: CapstoneSubmissionEntity;

  @Column({ type: 'numeric', precision: 5, scale: 2, nullable: true })
  percent!: string | null;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  createdAt!: Date;
}
