import { Unique, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export interface InstituteBranding {
  primaryColour: string;
  secondaryColour: string;
  logoUrl: string | null;
  signatories: { name: string; title: string }[];
}

/** A tenant: the hub that authors master courses, or a national training institute. */
@Unique('UQ_institutes_slug', ['slug'])
@Entity({ name: 'institutes' })
@Index('institutes_one_hub', { synchronize: false })
export class InstituteEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_institutes' })
  id!: string;

  @Column({ type: 'text' })
  slug!: string;

  @Column({ type: 'text' })
  name!: string;

  /** ISO 3166-1 alpha-2. */
  @Column({ type: 'char', length: 2 })
  country!: string;

  @Column({ name: 'default_language', type: 'text' })
  defaultLanguage!: string;

  @Column({ type: 'text', array: true })
  languages!: string[];

  @Column({ name: 'is_hub', type: 'boolean', default: false })
  isHub!: boolean;

  @Column({ type: 'jsonb' })
  branding!: InstituteBranding;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
