import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CohortEntity } from '../../cohorts/entities/cohort.entity.js';
import type { PeerReviewSettingsOverride } from '../domain/peer-review-settings.js';

/** A cohort's changes to the course's peer-review settings; only the fields set here override the course's. */
@Entity({ name: 'cohort_peer_review_settings' })
export class CohortPeerReviewSettingsEntity {
  @PrimaryColumn({ name: 'cohort_id', type: 'uuid', primaryKeyConstraintName: 'PK_cohort_peer_review_settings' })
  cohortId!: string;

  @ManyToOne(() => CohortEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'cohort_id', foreignKeyConstraintName: 'FK_cohort_peer_review_settings_cohort' })
  cohort?: CohortEntity;

  @Column({ name: 'institute_id', type: 'uuid' })
  instituteId!: string;

  @Column({ type: 'jsonb' })
  settings!: PeerReviewSettingsOverride;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;

  @Column({ name: 'updated_by', type: 'uuid', nullable: true })
  updatedBy!: string | null;
}
