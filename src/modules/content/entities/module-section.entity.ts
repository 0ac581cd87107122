import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { SectionKind } from '../domain/content.types.js';
import { CourseModuleEntity } from './course-module.entity.js';

@Entity({ name: 'module_sections' })
@Index('module_sections_module_key_key', ['moduleId', 'sectionKey'], { unique: true })
export class ModuleSectionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'module_id', type: 'uuid' })
  moduleId!: string;

  @ManyToOne(() => CourseModuleEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'module_id', foreignKeyConstraintName: 'FK_module_sections_module' })
  module?: CourseModuleEntity;

  /** The stable section id from the heading's {#id}. */
  @Column({ name: 'section_key', type: 'text' })
  sectionKey!: string;

  @Column({ type: 'integer' })
  position!: number;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text' })
  kind!: SectionKind;

  @Column({ type: 'text' })
  markdown!: string;

  /** Rendered and sanitized once at import, so no request ever renders Markdown. */
  @Column({ type: 'text' })
  html!: string;

  /** Hash of the source text: localized copies record which source text they were translated from. */
  @Column({ name: 'source_hash', type: 'char', length: 64 })
  sourceHash!: string;
}
