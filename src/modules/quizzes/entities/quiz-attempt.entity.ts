import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { UserEntity } from '../../accounts/entities/user.entity.js';
import { CohortEntity } from '../../cohorts/entities/cohort.entity.js';
import { CourseModuleEntity } from '../../content/entities/course-module.entity.js';
import type { QuizSettings } from '../../content/domain/content.types.js';

export type AttemptStatus = 'in-progress' | 'submitted';
export type AttemptClosedBy = 'participant' | 'deadline' | 'trainer';

/** One try at a module's quiz. Once submitted it is graded and a database trigger keeps it as it is. */
@Entity({ name: 'quiz_attempts' })
@Check('CHK_quiz_attempts_status', `"status" IN ('in-progress', 'submitted')`)
@Check('CHK_quiz_attempts_closed_by', `"closed_by" IS NULL OR "closed_by" IN ('participant', 'deadline', 'trainer')`)
@Check(
  'CHK_quiz_attempts_graded',
  `("status" = 'submitted') = ("submitted_at" IS NOT NULL AND "percent" IS NOT NULL AND "closed_by" IS NOT NULL)`,
)
@Index('quiz_attempts_number_key', ['cohortId', 'moduleKey', 'userId', 'number'], { unique: true })
@Index('quiz_attempts_one_open', { synchronize: false })
@Index('quiz_attempts_user', ['userId'])
export class QuizAttemptEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_quiz_attempts' })
  id!: string;

  @Column({ name: 'institute_id', type: 'uuid' })
  instituteId!: string;

  @Column({ name: 'cohort_id', type: 'uuid' })
  cohortId!: string;

  @ManyToOne(() => CohortEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'cohort_id', foreignKeyConstraintName: 'FK_quiz_attempts_cohort' })
  cohort?: CohortEntity;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_quiz_attempts_user' })
  user?: UserEntity;

  @Column({ name: 'module_key', type: 'text' })
  moduleKey!: string;

  /** The module of the course version the attempt was drawn from. */
  @Column({ name: 'course_module_id', type: 'uuid' })
  courseModuleId!: string;

  @ManyToOne(() => CourseModuleEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'course_module_id', foreignKeyConstraintName: 'FK_quiz_attempts_course_module' })
  courseModule?: CourseModuleEntity;

  @Column({ type: 'integer' })
  number!: number;

  @Column({ type: 'text' })
  status!: AttemptStatus;

  /** The questions drawn for this attempt, in the order shown. */
  @Column({ name: 'question_keys', type: 'text', array: true })
  questionKeys!: string[];

  /** The settings in force when the attempt started, so later changes do not regrade it. */
  @Column({ type: 'jsonb' })
  settings!: QuizSettings;

  @Column({ name: 'started_at', type: 'timestamptz', default: () => 'now()' })
  startedAt!: Date;

  @Column({ name: 'deadline_at', type: 'timestamptz', nullable: true })
  deadlineAt!: Date | null;

  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt!: Date | null;

  @Column({ name: 'closed_by', type: 'text', nullable: true })
  closedBy!: AttemptClosedBy | null;

  @Column({ type: 'numeric', precision: 10, scale: 4, nullable: true })
  score!: string | null;

  @Column({ name: 'max_score', type: 'numeric', precision: 10, scale: 4, nullable: true })
  maxScore!: string | null;

  @Column({ type: 'numeric', precision: 5, scale: 2, nullable: true })
  percent!: string | null;
}
