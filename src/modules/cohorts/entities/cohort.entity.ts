import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CourseVersionEntity } from '../../content/entities/course-version.entity.js';
import { InstituteEntity } from '../../institutes/entities/institute.entity.js';
import { CourseCopyEntity } from '../../localization/entities/course-copy.entity.js';

/** The schedule as stored: instants in ISO 8601 UTC; shown in the cohort's time zone. */
export interface StoredSchedule {
  moduleUnlocks: { moduleId: string; opensAt: string }[];
  capstoneDueAt: string;
  peerReviewDueAt: string;
  endsAt: string;
}

/** A run of one course version by one institute. */
@Entity({ name: 'cohorts' })
@Check('CHK_cohorts_capacity', `"capacity" > 0`)
@Check('CHK_cohorts_enrolment_window', `"enrolment_opens_at" < "enrolment_closes_at"`)
@Check('CHK_cohorts_capstone_late_policy', `"capstone_late_policy" IN ('flag', 'refuse')`)
@Index('cohorts_institute', ['instituteId', 'startDate'])
export class CohortEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_cohorts' })
  id!: string;

  @Column({ name: 'institute_id', type: 'uuid' })
  instituteId!: string;

  @ManyToOne(() => InstituteEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'institute_id', foreignKeyConstraintName: 'FK_cohorts_institute' })
  institute?: InstituteEntity;

  @Column({ name: 'course_version_id', type: 'uuid' })
  courseVersionId!: string;

  @ManyToOne(() => CourseVersionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'course_version_id', foreignKeyConstraintName: 'FK_cohorts_course_version' })
  courseVersion?: CourseVersionEntity;

  @Column({ type: 'text' })
  title!: string;

  /** The local date of day one, in the cohort's time zone. */
  @Column({ name: 'start_date', type: 'date' })
  startDate!: string;

  /** IANA zone, e.g. Africa/Dakar. */
  @Column({ name: 'time_zone', type: 'text' })
  timeZone!: string;

  @Column({ type: 'integer' })
  capacity!: number;

  @Column({ name: 'enrolment_opens_at', type: 'timestamptz' })
  enrolmentOpensAt!: Date;

  @Column({ name: 'enrolment_closes_at', type: 'timestamptz' })
  enrolmentClosesAt!: Date;

  @Column({ type: 'jsonb' })
  schedule!: StoredSchedule;

  /** A capstone submitted after its due date (or the person's extension) is kept and flagged, or refused. */
  @Column({ name: 'capstone_late_policy', type: 'text', default: 'flag' })
  capstoneLatePolicy!: 'flag' | 'refuse';

  /** The institute's localized copy the cohort is taught from, if any (issue 8); the version stays the master's. */
  @Column({ name: 'course_copy_id', type: 'uuid', nullable: true })
  courseCopyId!: string | null;

  @ManyToOne(() => CourseCopyEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'course_copy_id', foreignKeyConstraintName: 'FK_cohorts_course_copy' })
  courseCopy?: CourseCopyEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
