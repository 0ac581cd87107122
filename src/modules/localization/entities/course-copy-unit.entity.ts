import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { UserEntity } from '../../accounts/entities/user.entity.js';
import { CourseCopyEntity } from './course-copy.entity.js';

export type CopyUnitKind = 'translated' | 'adapted' | 'hidden' | 'added';

/**
 * One state of one unit of a copy. Append-only (a trigger refuses UPDATE and DELETE): the newest row of a
 * (copy, unit) is its current state. `source_hash` is the sha256 of the master text the row was made from.
 */
@Entity({ name: 'course_copy_units' })
@Check('CHK_course_copy_units_kind', `"kind" IN ('translated', 'adapted', 'hidden', 'added')`)
// (copy_id, unit_id, id DESC): TypeORM cannot describe the order, so the migration owns it.
@Index('course_copy_units_current', { synchronize: false })
export class CourseCopyUnitEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'PK_course_copy_units' })
  id!: string;

  @Column({ name: 'copy_id', type: 'uuid' })
  copyId!: string;

  @ManyToOne(() => CourseCopyEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'copy_id', foreignKeyConstraintName: 'FK_course_copy_units_copy' })
  copy?: CourseCopyEntity;

  /** A translation-unit id (`net-m01/sections/<id>/markdown`) or `local/<section-id>/title|markdown`. */
  @Column({ name: 'unit_id', type: 'text' })
  unitId!: string;

  @Column({ type: 'text' })
  kind!: CopyUnitKind;

  @Column({ type: 'text', nullable: true })
  text!: string | null;

  @Column({ name: 'source_hash', type: 'char', length: 64, nullable: true })
  sourceHash!: string | null;

  /** For an added section: the master section id it follows. */
  @Column({ name: 'after_unit', type: 'text', nullable: true })
  afterUnit!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  createdAt!: Date;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'FK_course_copy_units_created_by' })
  creator?: UserEntity;
}
