import { Module } from '@nestjs/common';
import { QuizJobsProcessor } from './jobs/quiz-jobs.processor.js';
import { QuizzesModule } from './quizzes.module.js';

/** The quizzes module's job processors (closing timed attempts): loaded by the worker process only. */
@Module({
  imports: [QuizzesModule],
  providers: [QuizJobsProcessor],
  exports: [QuizJobsProcessor],
})
export class QuizJobsModule {}
