import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { UserEntity } from '../../accounts/entities/user.entity.js';
import { CohortEntity } from '../../cohorts/entities/cohort.entity.js';

/** Append-only: the newest row for a person and quiz stands; a null percent withdraws the override. */
@Entity({ name: 'quiz_grade_overrides' })
@Check('CHK_quiz_grade_overrides_percent', `"percent" IS NULL OR ("percent" >= 0 AND "percent" <= 100)`)
@Index('quiz_grade_overrides_person', ['cohortId', 'moduleKey', 'userId', 'createdAt'])
export class QuizGradeOverrideEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_quiz_grade_overrides' })
  id!: string;

  @Column({ name: 'institute_id', type: 'uuid' })
  instituteId!: string;

  @Column({ name: 'cohort_id', type: 'uuid' })
  cohortId!: string;

  @ManyToOne(() => CohortEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'cohort_id', foreignKeyConstraintName: 'FK_quiz_grade_overrides_cohort' })
  cohort?: CohortEntity;

  @Column({ name: 'module_key', type: 'text' })
  moduleKey!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_quiz_grade_overrides_user' })
  user?: UserEntity;

  @Column({ type: 'numeric', precision: 5, scale: 2, nullable: true })
  percent!: string | null;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  createdAt!: Date;
}
