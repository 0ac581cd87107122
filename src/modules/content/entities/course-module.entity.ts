import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { ContentItem, QuizSettings } from '../domain/content.types.js';
import { CourseVersionEntity } from './course-version.entity.js';

@Entity({ name: 'course_modules' })
@Index('course_modules_version_key_key', ['courseVersionId', 'moduleKey'], { unique: true })
@Index('course_modules_version_number_key', ['courseVersionId', 'number'], { unique: true })
export class CourseModuleEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'course_version_id', type: 'uuid' })
  courseVersionId!: string;

  @ManyToOne(() => CourseVersionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'course_version_id', foreignKeyConstraintName: 'FK_course_modules_version' })
  courseVersion?: CourseVersionEntity;

  /** The stable module id from the module file (e.g. net-m01). */
  @Column({ name: 'module_key', type: 'text' })
  moduleKey!: string;

  @Column({ type: 'integer' })
  number!: number;

  @Column({ name: 'week_number', type: 'integer' })
  weekNumber!: number;

  @Column({ type: 'text' })
  title!: string;

  @Column({ name: 'estimated_minutes', type: 'integer' })
  estimatedMinutes!: number;

  @Column({ type: 'jsonb' })
  objectives!: ContentItem[];

  @Column({ name: 'introduction_markdown', type: 'text' })
  introductionMarkdown!: string;

  @Column({ name: 'introduction_html', type: 'text' })
  introductionHtml!: string;

  /** Resolved at import (course defaults, then the module's own); null when the module has no quiz. */
  @Column({ name: 'quiz_settings', type: 'jsonb', nullable: true })
  quizSettings!: QuizSettings | null;
}
