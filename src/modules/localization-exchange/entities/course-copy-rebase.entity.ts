import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { UserEntity } from '../../accounts/entities/user.entity.js';
import { CourseVersionEntity } from '../../content/entities/course-version.entity.js';
import { CourseCopyEntity } from '../../localization/entities/course-copy.entity.js';
import type { RebaseReport } from '../domain/rebase-plan.js';

/** One rebase of a copy onto a newer master version, with its report. Append-only (a trigger refuses changes). */
@Entity({ name: 'course_copy_rebases' })
@Index('course_copy_rebases_copy', ['copyId', 'createdAt'])
export class CourseCopyRebaseEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_course_copy_rebases' })
  id!: string;

  @Column({ name: 'copy_id', type: 'uuid' })
  copyId!: string;

  @ManyToOne(() => CourseCopyEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'copy_id', foreignKeyConstraintName: 'FK_course_copy_rebases_copy' })
  copy?: CourseCopyEntity;

  @Column({ name: 'from_version_id', type: 'uuid' })
  fromVersionId!: string;

  @ManyToOne(() => CourseVersionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'from_version_id', foreignKeyConstraintName: 'FK_course_copy_rebases_from' })
  fromVersion?: CourseVersionEntity;

  @Column({ name: 'to_version_id', type: 'uuid' })
  toVersionId!: string;

  @ManyToOne(() => CourseVersionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'to_version_id', foreignKeyConstraintName: 'FK_course_copy_rebases_to' })
  toVersion?: CourseVersionEntity;

  @Column({ type: 'jsonb' })
  report!: RebaseReport;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'FK_course_copy_rebases_created_by' })
  creator?: UserEntity;
}
