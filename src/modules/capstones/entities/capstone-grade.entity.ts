import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { UserEntity } from '../../accounts/entities/user.entity.js';
import type { CriterionGrade } from '../domain/capstone.types.js';
import { CapstoneSubmissionEntity } from './capstone-submission.entity.js';

export type CapstoneGradeStatus = 'draft' | 'final';

/** The current grade of one submitted version, hidden from the participant until released; never deleted. */
@Entity({ name: 'capstone_grades' })
@Check('CHK_capstone_grades_status', `"status" IN ('draft', 'final')`)
@Check('CHK_capstone_grades_final', `"status" = 'draft' OR "percent" IS NOT NULL`)
@Check('CHK_capstone_grades_release', `"released_at" IS NULL OR ("status" = 'final' AND "released_by" IS NOT NULL)`)
@Index('capstone_grades_cohort', ['cohortId', 'userId'])
export class CapstoneGradeEntity {
  @PrimaryColumn({ name: 'submission_id', type: 'uuid', primaryKeyConstraintName: 'PK_capstone_grades' })
  submissionId!: string;

  @ManyToOne(() => CapstoneSubmissionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'submission_id', foreignKeyConstraintName: 'FK_capstone_grades_submission' })
  submission?: CapstoneSubmissionEntity;

  @Column({ name: 'institute_id', type: 'uuid' })
  instituteId!: string;

  @Column({ name: 'cohort_id', type: 'uuid' })
  cohortId!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_capstone_grades_user' })
  user?: UserEntity;

  @Column({ type: 'text' })
  status!: CapstoneGradeStatus;

  @Column({ type: 'jsonb' })
  criteria!: CriterionGrade[];

  @Column({ name: 'overall_feedback', type: 'text', default: '' })
  overallFeedback!: string;

  /** Null only while a draft. */
  @Column({ type: 'numeric', precision: 5, scale: 2, nullable: true })
  percent!: string | null;

  @Column({ name: 'graded_by', type: 'uuid' })
  gradedBy!: string;

  @Column({ name: 'moderated_by', type: 'uuid', nullable: true })
  moderatedBy!: string | null;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;

  @Column({ name: 'released_at', type: 'timestamptz', nullable: true })
  releasedAt!: Date | null;

  @Column({ name: 'released_by', type: 'uuid', nullable: true })
  releasedBy!: string | null;
}
