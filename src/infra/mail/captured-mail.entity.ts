import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A mail kept by the development capture server, shown at /dev/mailbox. */
@Entity({ name: 'captured_mails' })
@Index('captured_mails_received_at', ['receivedAt'])
export class CapturedMailEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_captured_mails' })
  id!: string;

  @Column({ type: 'text' })
  to!: string;

  @Column({ type: 'text' })
  subject!: string;

  @Column({ type: 'text' })
  text!: string;

  @Column({ type: 'text', nullable: true })
  html!: string | null;

  @Column({ name: 'received_at', type: 'timestamptz', default: () => 'now()' })
  receivedAt!: Date;
}
