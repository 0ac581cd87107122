import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CourseModuleEntity } from './course-module.entity.js';
import type { Question } from '../../quizzes/domain/question.types.js';

/** A question of one module of one course version; immutable like the version it belongs to. */
@Entity({ name: 'quiz_questions' })
@Index('quiz_questions_module_key_key', ['moduleId', 'questionKey'], { unique: true })
export class QuizQuestionEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_quiz_questions' })
  id!: string;

  @Column({ name: 'module_id', type: 'uuid' })
  moduleId!: string;

  @ManyToOne(() => CourseModuleEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'module_id', foreignKeyConstraintName: 'FK_quiz_questions_module' })
  module?: CourseModuleEntity;

  @Column({ name: 'question_key', type: 'text' })
  questionKey!: string;

  @Column({ type: 'integer' })
  position!: number;

  @Column({ type: 'text' })
  type!: Question['type'];

  @Column({ type: 'numeric', precision: 8, scale: 3 })
  points!: string;

  /** The question as authored: what scoring reads. */
  @Column({ type: 'jsonb' })
  definition!: Question;

  /** The same question with every Markdown field rendered to HTML at import. */
  @Column({ type: 'jsonb' })
  rendered!: Question;
}
