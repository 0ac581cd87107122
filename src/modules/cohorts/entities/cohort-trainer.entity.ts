import { Check, Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { UserEntity } from '../../accounts/entities/user.entity.js';
import { CohortEntity } from './cohort.entity.js';

@Entity({ name: 'cohort_trainers' })
@Check('CHK_cohort_trainers_role', `"role" IN ('lead', 'co-facilitator', 'master')`)
export class CohortTrainerEntity {
  @PrimaryColumn({ name: 'cohort_id', type: 'uuid', primaryKeyConstraintName: 'PK_cohort_trainers' })
  cohortId!: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid', primaryKeyConstraintName: 'PK_cohort_trainers' })
  userId!: string;

  @Column({ name: 'institute_id', type: 'uuid' })
  instituteId!: string;

  /** lead runs the cohort; a co-facilitator co-runs it under a master trainer (the trainer-of-trainers path). */
  @Column({ type: 'text', default: 'lead' })
  role!: 'lead' | 'co-facilitator' | 'master';

  @CreateDateColumn({ name: 'assigned_at', type: 'timestamptz' })
  assignedAt!: Date;

  @ManyToOne(() => CohortEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'cohort_id', foreignKeyConstraintName: 'FK_cohort_trainers_cohort' })
  cohort?: CohortEntity;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_cohort_trainers_user' })
  user?: UserEntity;
}
