import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { CapstoneDefinition } from '../../capstones/domain/capstone.types.js';
import type { CourseOutline } from '../content.views.js';
import { CourseEntity } from './course.entity.js';

/** One import of a course: never updated (a database trigger refuses it), identified by its content hash. */
@Entity({ name: 'course_versions' })
@Index('course_versions_course_number_key', ['courseId', 'number'], { unique: true })
@Index('course_versions_course_hash_key', ['courseId', 'contentHash'], { unique: true })
export class CourseVersionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'course_id', type: 'text' })
  courseId!: string;

  @ManyToOne(() => CourseEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'course_id', foreignKeyConstraintName: 'FK_course_versions_course' })
  course?: CourseEntity;

  @Column({ type: 'integer' })
  number!: number;

  @Column({ name: 'content_hash', type: 'char', length: 64 })
  contentHash!: string;

  @Column({ type: 'text' })
  language!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text' })
  summary!: string;

  @Column({ type: 'jsonb' })
  outline!: CourseOutline;

  /** The capstone brief, sections and rubric as imported; null when the course has no capstone. */
  @Column({ type: 'jsonb', nullable: true })
  capstone!: CapstoneDefinition | null;

  /** A track's teach-back checklist and calibration references as imported; null for a course. */
  @Column({ type: 'jsonb', nullable: true })
  track!: unknown;

  @CreateDateColumn({ name: 'imported_at', type: 'timestamptz' })
  importedAt!: Date;
}
