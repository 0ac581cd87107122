import { CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn, Unique, Column } from 'typeorm';
import { InstituteEntity } from '../../institutes/entities/institute.entity.js';
import { UserEntity } from './user.entity.js';

/** An institute's own stable id for a person, so its files can name people even when e-mails change. */
@Entity({ name: 'external_ids' })
@Unique('UQ_external_ids_user', ['instituteId', 'userId'])
export class ExternalIdEntity {
  @PrimaryColumn({ name: 'institute_id', type: 'uuid', primaryKeyConstraintName: 'PK_external_ids' })
  instituteId!: string;

  @PrimaryColumn({ name: 'external_id', type: 'text', primaryKeyConstraintName: 'PK_external_ids' })
  externalId!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => InstituteEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'institute_id', foreignKeyConstraintName: 'FK_external_ids_institute' })
  institute?: InstituteEntity;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_external_ids_user' })
  user?: UserEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
