import { Module } from '@nestjs/common';
import { ContentModule } from '../content/content.module.js';
import { QuestionBankImportController } from './question-bank-import.controller.js';
import { QuestionBankImportService } from './question-bank-import.service.js';

/** /admin/question-banks: GIFT and Aiken files into a module's quiz file, then a content import. */
@Module({
  imports: [ContentModule],
  controllers: [QuestionBankImportController],
  providers: [QuestionBankImportService],
  exports: [QuestionBankImportService],
})
export class QuestionBankImportModule {}
