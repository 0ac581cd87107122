import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { Response } from '../domain/question.types.js';
import { QuizAttemptEntity } from './quiz-attempt.entity.js';

/** The answer to one question of one attempt, saved as given; scored when the attempt is submitted. */
@Entity({ name: 'quiz_responses' })
export class QuizResponseEntity {
  @PrimaryColumn({ name: 'attempt_id', type: 'uuid', primaryKeyConstraintName: 'PK_quiz_responses' })
  attemptId!: string;

  @PrimaryColumn({ name: 'question_key', type: 'text', primaryKeyConstraintName: 'PK_quiz_responses' })
  questionKey!: string;

  @ManyToOne(() => QuizAttemptEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'attempt_id', foreignKeyConstraintName: 'FK_quiz_responses_attempt' })
  attempt?: QuizAttemptEntity;

  @Column({ type: 'jsonb', nullable: true })
  response!: Response | null;

  @Column({ name: 'saved_at', type: 'timestamptz', default: () => 'now()' })
  savedAt!: Date;

  @Column({ type: 'numeric', precision: 8, scale: 7, nullable: true })
  fraction!: string | null;

  @Column({ type: 'numeric', precision: 10, scale: 4, nullable: true })
  points!: string | null;

  @Column({ name: 'max_points', type: 'numeric', precision: 10, scale: 4, nullable: true })
  maxPoints!: string | null;
}
