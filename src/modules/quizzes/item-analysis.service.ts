import { Injectable } from '@nestjs/common';
import { itemAnalysisCsv } from './domain/item-analysis-csv.js';
import { ItemAnalysisRepository } from './item-analysis.repository.js';
import type { QuizContext } from './quiz-attempts.service.js';

export const ATTEMPT_FILTERS = ['graded', 'all', 'first', 'last', 'highest'] as const;
export type AttemptFilter = (typeof ATTEMPT_FILTERS)[number];

/** Moodle-style item analysis of one quiz in one cohort, computed in the database. */
@Injectable()
export class ItemAnalysisService {
  constructor(private readonly repository: ItemAnalysisRepository) {}

  async report(context: QuizContext, filter: AttemptFilter) {
    const report = await this.repository.report(
      context.access.institute.id,
      context.access.cohort.id,
      context.module.id,
      filter,
    );
    return { moduleTitle: context.module.title, filter, report };
  }

  async csv(context: QuizContext, filter: AttemptFilter): Promise<string> {
    const report = await this.repository.report(
      context.access.institute.id,
      context.access.cohort.id,
      context.module.id,
      filter,
    );
    return itemAnalysisCsv(report);
  }
}
