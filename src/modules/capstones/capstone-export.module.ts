import { Module } from '@nestjs/common';
import { CohortsModule } from '../cohorts/cohorts.module.js';
import { CapstoneExportController } from './capstone-export.controller.js';
import { CapstoneExportService } from './capstone-export.service.js';
import { CapstoneExportsRepository } from './capstone-exports.repository.js';

/** Asking for and downloading action-plan PDFs (API process); the worker's CapstoneExportJobsModule makes them. */
@Module({
  imports: [CohortsModule],
  controllers: [CapstoneExportController],
  providers: [CapstoneExportsRepository, CapstoneExportService],
})
export class CapstoneExportModule {}
