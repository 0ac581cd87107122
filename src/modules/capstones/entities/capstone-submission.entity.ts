import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { UserEntity } from '../../accounts/entities/user.entity.js';
import { CohortEntity } from '../../cohorts/entities/cohort.entity.js';
import { CourseVersionEntity } from '../../content/entities/course-version.entity.js';
import type { PlanContent } from '../domain/capstone.types.js';

/** One submitted version of a plan, frozen (a trigger refuses changes) so grades and exports name what was sent. */
@Entity({ name: 'capstone_submissions' })
@Index('capstone_submissions_version', ['cohortId', 'userId', 'version'], { unique: true })
@Index('capstone_submissions_draft_revision', ['cohortId', 'userId', 'draftRevision'], { unique: true })
@Index('capstone_submissions_queue', ['instituteId', 'cohortId', 'submittedAt'])
export class CapstoneSubmissionEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_capstone_submissions' })
  id!: string;

  @Column({ name: 'institute_id', type: 'uuid' })
  instituteId!: string;

  @Column({ name: 'cohort_id', type: 'uuid' })
  cohortId!: string;

  @ManyToOne(() => CohortEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'cohort_id', foreignKeyConstraintName: 'FK_capstone_submissions_cohort' })
  cohort?: CohortEntity;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_capstone_submissions_user' })
  user?: UserEntity;

  @Column({ type: 'integer' })
  version!: number;

  /** The draft revision submitted: unique per person, so submitting the same draft twice finds the first version. */
  @Column({ name: 'draft_revision', type: 'integer' })
  draftRevision!: number;

  /** The course version whose capstone definition the plan was written against. */
  @Column({ name: 'course_version_id', type: 'uuid' })
  courseVersionId!: string;

  @ManyToOne(() => CourseVersionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'course_version_id', foreignKeyConstraintName: 'FK_capstone_submissions_course_version' })
  courseVersion?: CourseVersionEntity;

  @Column({ type: 'jsonb' })
  content!: PlanContent;

  /** The attachments the plan named when submitted (no foreign key: an array column). */
  @Column({ name: 'attachment_ids', type: 'uuid', array: true, default: () => "'{}'" })
  attachmentIds!: string[];

  @Column({ name: 'submitted_at', type: 'timestamptz', default: () => 'now()' })
  submittedAt!: Date;

  /** The due date in force at submission (the cohort's or the person's extension), kept to explain `late`. */
  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt!: Date;

  @Column({ type: 'boolean' })
  late!: boolean;
}
