import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { CohortEntity } from '../../cohorts/entities/cohort.entity.js';

/** What a cohort's trainers were told about plans short of reviewers; one row per distinct state, so no repeats. */
@Entity({ name: 'peer_review_trainer_notices' })
@Unique('UQ_peer_review_trainer_notices_signature', ['cohortId', 'signature'])
export class PeerReviewTrainerNoticeEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_peer_review_trainer_notices' })
  id!: string;

  @Column({ name: 'institute_id', type: 'uuid' })
  instituteId!: string;

  @Column({ name: 'cohort_id', type: 'uuid' })
  cohortId!: string;

  @ManyToOne(() => CohortEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'cohort_id', foreignKeyConstraintName: 'FK_peer_review_trainer_notices_cohort' })
  cohort?: CohortEntity;

  /** The short and unscored plans the notice was about, as one string: the same state is never told twice. */
  @Column({ type: 'text' })
  signature!: string;

  @Column({ type: 'jsonb' })
  summary!: object;

  @Column({ name: 'sent_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  sentAt!: Date;
}
