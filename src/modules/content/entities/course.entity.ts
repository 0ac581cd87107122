import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A course as authored by the hub; its text lives in immutable versions. */
@Entity({ name: 'courses' })
export class CourseEntity {
  /** The stable id from course.yaml (e.g. epm-networks). */
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ type: 'text', unique: true })
  slug!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
