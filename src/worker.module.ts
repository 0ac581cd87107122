import { Module } from '@nestjs/common';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { QueueModule } from './infra/queue/queue.module.js';
import { ContentJobsModule } from './modules/content/content-jobs.module.js';
import { ContentJobsProcessor } from './modules/content/jobs/content-jobs.processor.js';
import { AccountJobsModule } from './modules/accounts/account-jobs.module.js';
import { AccountMailProcessor } from './modules/accounts/jobs/account-mail.processor.js';

/** The BullMQ worker process: the same feature modules, plus their job processors. */
@Module({
  imports: [ConfigModule, DatabaseModule, QueueModule, ContentJobsModule, AccountJobsModule],
})
export class WorkerModule {}

/** Every processor class, checked at start-up so that no job is left without a handler. */
export const JOB_PROCESSORS = [ContentJobsProcessor, AccountMailProcessor];
