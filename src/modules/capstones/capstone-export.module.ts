import { Module } from '@nestjs/common';
import { CohortsModule } from '../cohorts/cohorts.module.js';
import { ContentModule } from '../content/content.module.js';
import { CapstoneContextService } from './capstone-context.service.js';
import { CapstoneExportController } from './capstone-export.controller.js';
import { CapstoneExportService } from './capstone-export.service.js';
import { CapstoneExportsRepository } from './capstone-exports.repository.js';

/** Asking for and downloading action-plan PDFs (API process); the worker's CapstoneExportJobsModule makes them. */
@Module({
  imports: [CohortsModule, ContentModule],
  controllers: [CapstoneExportController],
  providers: [CapstoneContextService, CapstoneExportsRepository, CapstoneExportService],
})
export class CapstoneExportModule {}
