import { Module } from '@nestjs/common';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { QueueModule } from './infra/queue/queue.module.js';
import { ContentJobsModule } from './modules/content/content-jobs.module.js';
import { ContentJobsProcessor } from './modules/content/jobs/content-jobs.processor.js';
import { AccountJobsModule } from './modules/accounts/account-jobs.module.js';
import { RedisModule } from './infra/redis/redis.module.js';
import { StorageModule } from './infra/storage/storage.module.js';
import { TemplatesModule } from './infra/templates/templates.module.js';
import { QuizJobsModule } from './modules/quizzes/quiz-jobs.module.js';
import { QuizJobsProcessor } from './modules/quizzes/jobs/quiz-jobs.processor.js';
import { AccountMailProcessor } from './modules/accounts/jobs/account-mail.processor.js';
import { CapstoneExportJobsModule } from './modules/capstones/capstone-export-jobs.module.js';
import { CapstoneExportProcessor } from './modules/capstones/jobs/capstone-export.processor.js';
import { PeerReviewJobsModule } from './modules/peer-review/peer-review-jobs.module.js';
import { PeerReviewAllocateProcessor } from './modules/peer-review/jobs/peer-review-allocate.processor.js';
import { CertificateJobsModule } from './modules/certificates/certificate-jobs.module.js';
import { CertificateJobsProcessor } from './modules/certificates/jobs/certificate-jobs.processor.js';
import { CertificateIssueProcessor } from './modules/certificates/jobs/certificate-issue.processor.js';
import { NotificationJobsModule } from './modules/notifications/notification-jobs.module.js';
import { NotificationJobsProcessor } from './modules/notifications/jobs/notification-jobs.processor.js';
import { TrainerJobsModule } from './modules/trainers/trainer-jobs.module.js';
import { TrainerRecertificationProcessor } from './modules/trainers/jobs/trainer-recertification.processor.js';

/** The BullMQ worker process: the same feature modules, plus their job processors. */
@Module({
  imports: [
    ConfigModule,
    DatabaseModule,
    QueueModule,
    // The quiz services sit on the cohort and account modules, whose pages need templates and Redis.
    RedisModule,
    TemplatesModule,
    StorageModule,
    ContentJobsModule,
    AccountJobsModule,
    QuizJobsModule,
    CapstoneExportJobsModule,
    PeerReviewJobsModule,
    CertificateJobsModule,
    NotificationJobsModule,
    TrainerJobsModule,
  ],
})
export class WorkerModule {}

/** Every processor class, checked at start-up so that no job is left without a handler. */
export const JOB_PROCESSORS = [
  ContentJobsProcessor,
  AccountMailProcessor,
  QuizJobsProcessor,
  CapstoneExportProcessor,
  PeerReviewAllocateProcessor,
  CertificateJobsProcessor,
  CertificateIssueProcessor,
  NotificationJobsProcessor,
  TrainerRecertificationProcessor,
];
