import { Check, Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A course as authored by the hub; its text lives in immutable versions. */
@Entity({ name: 'courses' })
@Check('CHK_courses_kind', `"kind" IN ('course', 'track')`)
export class CourseEntity {
  /** The stable id from course.yaml (e.g. epm-networks). */
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ type: 'text', unique: true })
  slug!: string;

  /** 'track' for a trainer-of-trainers track read from content/tracks/; 'course' otherwise. */
  @Column({ type: 'text', default: 'course' })
  kind!: 'course' | 'track';

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
