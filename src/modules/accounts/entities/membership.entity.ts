import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { InstituteEntity } from '../../institutes/entities/institute.entity.js';
import type { InstituteRole } from '../domain/roles.js';
import { UserEntity } from './user.entity.js';

/** A role a person holds in an institute; revoked rows are kept as history. */
@Entity({ name: 'memberships' })
@Check('CHK_memberships_role', `"role" IN ('participant', 'trainer', 'admin')`)
@Index('memberships_active_role', { synchronize: false })
@Index('memberships_user', ['userId'])
export class MembershipEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_memberships' })
  id!: string;

  @Column({ name: 'institute_id', type: 'uuid' })
  instituteId!: string;

  @ManyToOne(() => InstituteEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'institute_id', foreignKeyConstraintName: 'FK_memberships_institute' })
  institute?: InstituteEntity;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_memberships_user' })
  user?: UserEntity;

  @Column({ type: 'text' })
  role!: InstituteRole;

  @Column({ name: 'granted_at', type: 'timestamptz', default: () => 'now()' })
  grantedAt!: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}
