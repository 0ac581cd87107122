import { Module } from '@nestjs/common';
import { ContentImportService } from './content-import.service.js';
import { ContentRepository } from './content.repository.js';
import { ContentService } from './content.service.js';

@Module({
  providers: [ContentRepository, ContentService, ContentImportService],
  exports: [ContentService, ContentImportService],
})
export class ContentModule {}
