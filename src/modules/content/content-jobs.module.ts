import { Module } from '@nestjs/common';
import { ContentModule } from './content.module.js';
import { ContentJobsProcessor } from './jobs/content-jobs.processor.js';

/** The content module's job processors: loaded by the worker process only. */
@Module({
  imports: [ContentModule],
  providers: [ContentJobsProcessor],
  exports: [ContentJobsProcessor],
})
export class ContentJobsModule {}
