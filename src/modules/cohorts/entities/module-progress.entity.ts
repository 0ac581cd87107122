import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { EnrolmentEntity } from './enrolment.entity.js';

@Entity({ name: 'module_progress' })
export class ModuleProgressEntity {
  @PrimaryColumn({ name: 'enrolment_id', type: 'uuid', primaryKeyConstraintName: 'PK_module_progress' })
  enrolmentId!: string;

  @PrimaryColumn({ name: 'module_key', type: 'text', primaryKeyConstraintName: 'PK_module_progress' })
  moduleKey!: string;

  @Column({ name: 'institute_id', type: 'uuid' })
  instituteId!: string;

  @ManyToOne(() => EnrolmentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'enrolment_id', foreignKeyConstraintName: 'FK_module_progress_enrolment' })
  enrolment?: EnrolmentEntity;

  @Column({ name: 'first_opened_at', type: 'timestamptz', default: () => 'now()' })
  firstOpenedAt!: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;
}
