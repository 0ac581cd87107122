import { Module } from '@nestjs/common';
import { PdfModule } from '../../infra/pdf/pdf.module.js';
import { ActionPlanPdfTemplate } from './action-plan-pdf.template.js';
import { CapstoneExportRenderService } from './capstone-export-render.service.js';
import { CapstoneExportsRepository } from './capstone-exports.repository.js';
import { CapstoneExportProcessor } from './jobs/capstone-export.processor.js';

/** Renders the PDFs of submitted action plans: loaded by the worker process only (it holds the Chromium). */
@Module({
  imports: [PdfModule],
  providers: [
    CapstoneExportsRepository,
    CapstoneExportRenderService,
    { provide: ActionPlanPdfTemplate, useFactory: () => new ActionPlanPdfTemplate() },
    CapstoneExportProcessor,
  ],
  exports: [CapstoneExportProcessor],
})
export class CapstoneExportJobsModule {}
