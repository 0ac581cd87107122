import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { CriterionGrade } from '../domain/capstone.types.js';
import type { CapstoneGradeStatus } from './capstone-grade.entity.js';
import { CapstoneSubmissionEntity } from './capstone-submission.entity.js';

export type CapstoneGradeAction = 'draft-saved' | 'finalised' | 'moderated' | 'released' | 'changed-after-release';

/** Append-only: a grade as one change left it, with who, when and why, so every past grade can be shown. */
@Entity({ name: 'capstone_grade_revisions' })
@Check(
  'CHK_capstone_grade_revisions_action',
  `"action" IN ('draft-saved', 'finalised', 'moderated', 'released', 'changed-after-release')`,
)
@Index('capstone_grade_revisions_submission', ['submissionId', 'at'])
export class CapstoneGradeRevisionEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_capstone_grade_revisions' })
  id!: string;

  @Column({ name: 'submission_id', type: 'uuid' })
  submissionId!: string;

  @ManyToOne(() => CapstoneSubmissionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'submission_id', foreignKeyConstraintName: 'FK_capstone_grade_revisions_submission' })
  submission?: CapstoneSubmissionEntity;

  @Column({ name: 'institute_id', type: 'uuid' })
  instituteId!: string;

  @Column({ name: 'actor_id', type: 'uuid' })
  actorId!: string;

  @Column({ type: 'text' })
  action!: CapstoneGradeAction;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ type: 'text' })
  status!: CapstoneGradeStatus;

  @Column({ type: 'jsonb' })
  criteria!: CriterionGrade[];

  @Column({ name: 'overall_feedback', type: 'text' })
  overallFeedback!: string;

  @Column({ type: 'numeric', precision: 5, scale: 2, nullable: true })
  percent!: string | null;

  @Column({ type: 'timestamptz', default: () => 'clock_timestamp()' })
  at!: Date;
}
