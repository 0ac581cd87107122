import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { UserEntity } from '../../accounts/entities/user.entity.js';
import { CourseVersionEntity } from '../../content/entities/course-version.entity.js';
import { CourseEntity } from '../../content/entities/course.entity.js';
import { InstituteEntity } from '../../institutes/entities/institute.entity.js';

/** What an institute may set on its copy's pages: all optional, validated by the service. */
export interface CopyBranding {
  logoText?: string;
  accentColor?: string;
  footer?: string;
}

/** An institute's localized copy of a master course, following one master version (changed only by a rebase). */
@Entity({ name: 'course_copies' })
@Unique('UQ_course_copies_institute_slug', ['instituteId', 'slug'])
export class CourseCopyEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_course_copies' })
  id!: string;

  @Column({ name: 'institute_id', type: 'uuid' })
  instituteId!: string;

  @ManyToOne(() => InstituteEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'institute_id', foreignKeyConstraintName: 'FK_course_copies_institute' })
  institute?: InstituteEntity;

  @Column({ name: 'course_id', type: 'text' })
  courseId!: string;

  @ManyToOne(() => CourseEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'course_id', foreignKeyConstraintName: 'FK_course_copies_course' })
  course?: CourseEntity;

  @Column({ type: 'text' })
  slug!: string;

  /** BCP 47 tag of the copy's text. */
  @Column({ type: 'text' })
  language!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'jsonb', default: {} })
  branding!: CopyBranding;

  @Column({ name: 'base_version_id', type: 'uuid' })
  baseVersionId!: string;

  @ManyToOne(() => CourseVersionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'base_version_id', foreignKeyConstraintName: 'FK_course_copies_base_version' })
  baseVersion?: CourseVersionEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'FK_course_copies_created_by' })
  creator?: UserEntity;
}
