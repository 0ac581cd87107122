import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { UserEntity } from '../../accounts/entities/user.entity.js';
import { CohortEntity } from '../../cohorts/entities/cohort.entity.js';

/** Append-only: a trainer's grant of a new due date to one person; the latest grant counts. */
@Entity({ name: 'capstone_extensions' })
@Check('CHK_capstone_extensions_reason', `length(btrim("reason")) > 0`)
@Index('capstone_extensions_person', ['cohortId', 'userId', 'grantedAt'])
export class CapstoneExtensionEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_capstone_extensions' })
  id!: string;

  @Column({ name: 'institute_id', type: 'uuid' })
  instituteId!: string;

  @Column({ name: 'cohort_id', type: 'uuid' })
  cohortId!: string;

  @ManyToOne(() => CohortEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'cohort_id', foreignKeyConstraintName: 'FK_capstone_extensions_cohort' })
  cohort?: CohortEntity;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_capstone_extensions_user' })
  user?: UserEntity;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt!: Date;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ name: 'granted_by', type: 'uuid' })
  grantedBy!: string;

  @Column({ name: 'granted_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  grantedAt!: Date;
}
