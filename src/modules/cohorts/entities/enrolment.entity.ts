import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { UserEntity } from '../../accounts/entities/user.entity.js';
import { CohortEntity } from './cohort.entity.js';

/** A person in a cohort. Withdrawing keeps the row; re-enrolling adds a new one, so history is whole. */
@Entity({ name: 'enrolments' })
@Check('CHK_enrolments_status', `"status" IN ('enrolled', 'withdrawn')`)
@Check(
  'CHK_enrolments_organization',
  `"organization" IS NULL OR ("organization" <> '' AND "organization" = btrim("organization") AND char_length("organization") <= 200)`,
)
@Index('enrolments_active', { synchronize: false })
@Index('enrolments_user', ['userId'])
// Read by the dashboards (migration Dashboards1764020000000): people reached per institute, an institute's enrolments.
@Index('enrolments_institute_reach', { synchronize: false })
@Index('enrolments_institute_cohort', { synchronize: false })
export class EnrolmentEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_enrolments' })
  id!: string;

  @Column({ name: 'institute_id', type: 'uuid' })
  instituteId!: string;

  @Column({ name: 'cohort_id', type: 'uuid' })
  cohortId!: string;

  @ManyToOne(() => CohortEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'cohort_id', foreignKeyConstraintName: 'FK_enrolments_cohort' })
  cohort?: CohortEntity;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_enrolments_user' })
  user?: UserEntity;

  @Column({ type: 'text' })
  status!: 'enrolled' | 'withdrawn';

  @Column({ name: 'enrolled_at', type: 'timestamptz', default: () => 'now()' })
  enrolledAt!: Date;

  @Column({ name: 'withdrawn_at', type: 'timestamptz', nullable: true })
  withdrawnAt!: Date | null;

  /** Where the participant comes from, as recorded for this cohort (cleaned: see enrolments/domain/organization.ts). */
  @Column({ type: 'text', nullable: true })
  organization!: string | null;
}
