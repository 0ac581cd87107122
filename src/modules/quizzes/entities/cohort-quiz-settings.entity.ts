import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CohortEntity } from '../../cohorts/entities/cohort.entity.js';
import type { QuizSettingsOverride } from '../domain/quiz-settings.js';

/** A cohort's changes to one module's quiz settings; only the fields set here override the course's. */
@Entity({ name: 'cohort_quiz_settings' })
export class CohortQuizSettingsEntity {
  @PrimaryColumn({ name: 'cohort_id', type: 'uuid', primaryKeyConstraintName: 'PK_cohort_quiz_settings' })
  cohortId!: string;

  @PrimaryColumn({ name: 'module_key', type: 'text', primaryKeyConstraintName: 'PK_cohort_quiz_settings' })
  moduleKey!: string;

  @ManyToOne(() => CohortEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'cohort_id', foreignKeyConstraintName: 'FK_cohort_quiz_settings_cohort' })
  cohort?: CohortEntity;

  @Column({ name: 'institute_id', type: 'uuid' })
  instituteId!: string;

  @Column({ type: 'jsonb' })
  settings!: QuizSettingsOverride;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;

  @Column({ name: 'updated_by', type: 'uuid', nullable: true })
  updatedBy!: string | null;
}
