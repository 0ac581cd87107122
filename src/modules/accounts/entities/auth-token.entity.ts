import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { InstituteEntity } from '../../institutes/entities/institute.entity.js';
import type { AuthTokenPurpose } from '../domain/auth-tokens.js';
import type { InstituteRole } from '../domain/roles.js';
import { UserEntity } from './user.entity.js';

/** A single-use link sent by e-mail (invitation, password reset). Only the token's sha256 is stored. */
@Entity({ name: 'auth_tokens' })
@Check('CHK_auth_tokens_purpose', `"purpose" IN ('invitation', 'password-reset')`)
@Check('CHK_auth_tokens_role', `"role" IS NULL OR "role" IN ('participant', 'trainer', 'admin')`)
@Index('auth_tokens_user', ['userId'])
export class AuthTokenEntity {
  @PrimaryColumn({ name: 'token_hash', type: 'char', length: 64, primaryKeyConstraintName: 'PK_auth_tokens' })
  tokenHash!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_auth_tokens_user' })
  user?: UserEntity;

  @Column({ type: 'text' })
  purpose!: AuthTokenPurpose;

  /** For invitations: the membership the token grants when used. */
  @Column({ name: 'institute_id', type: 'uuid', nullable: true })
  instituteId!: string | null;

  @ManyToOne(() => InstituteEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'institute_id', foreignKeyConstraintName: 'FK_auth_tokens_institute' })
  institute?: InstituteEntity;

  @Column({ type: 'text', nullable: true })
  role!: InstituteRole | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt!: Date | null;
}
