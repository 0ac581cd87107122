import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { UserEntity } from '../../accounts/entities/user.entity.js';
import { CohortEntity } from '../../cohorts/entities/cohort.entity.js';

/** Extra attempts or minutes a trainer granted one participant for one quiz. */
@Entity({ name: 'quiz_accommodations' })
@Check('CHK_quiz_accommodations_range', `"extra_attempts" >= 0 AND "extra_minutes" >= 0`)
export class QuizAccommodationEntity {
  @PrimaryColumn({ name: 'cohort_id', type: 'uuid', primaryKeyConstraintName: 'PK_quiz_accommodations' })
  cohortId!: string;

  @PrimaryColumn({ name: 'module_key', type: 'text', primaryKeyConstraintName: 'PK_quiz_accommodations' })
  moduleKey!: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid', primaryKeyConstraintName: 'PK_quiz_accommodations' })
  userId!: string;

  @ManyToOne(() => CohortEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'cohort_id', foreignKeyConstraintName: 'FK_quiz_accommodations_cohort' })
  cohort?: CohortEntity;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_quiz_accommodations_user' })
  user?: UserEntity;

  @Column({ name: 'institute_id', type: 'uuid' })
  instituteId!: string;

  @Column({ name: 'extra_attempts', type: 'integer', default: 0 })
  extraAttempts!: number;

  @Column({ name: 'extra_minutes', type: 'integer', default: 0 })
  extraMinutes!: number;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;

  @Column({ name: 'updated_by', type: 'uuid', nullable: true })
  updatedBy!: string | null;
}
