import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { CohortsModule } from '../cohorts/cohorts.module.js';
import { ContentModule } from '../content/content.module.js';
import { CourseCopiesModule } from '../localization/course-copies.module.js';
import { ItemAnalysisRepository } from './item-analysis.repository.js';
import { ItemAnalysisService } from './item-analysis.service.js';
import { QuizAttemptsRepository } from './quiz-attempts.repository.js';
import { QuizAttemptsService } from './quiz-attempts.service.js';
import { QuizStandingsService } from './quiz-standings.service.js';
import { QuizPagesController } from './quiz-pages.controller.js';
import { QuizTrainerController } from './quiz-trainer.controller.js';
import { QuizTrainerService } from './quiz-trainer.service.js';
import { QuizzesApiController } from './quizzes-api.controller.js';

@Module({
  imports: [AuditModule, CohortsModule, ContentModule, CourseCopiesModule],
  controllers: [QuizPagesController, QuizTrainerController, QuizzesApiController],
  providers: [
    QuizAttemptsRepository,
    QuizAttemptsService,
    QuizTrainerService,
    ItemAnalysisRepository,
    ItemAnalysisService,
    QuizStandingsService,
  ],
  exports: [QuizAttemptsService, QuizStandingsService],
})
export class QuizzesModule {}
