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
    const percent = (value: number | null) => (value === null ? '—' : `${(value * 100).toFixed(2)}%`);
    const fixed = (value: number | null, digits = 2) => (value === null ? '—' : value.toFixed(digits));
    return {
      moduleTitle: context.module.title,
      filter,
      test: {
        attempts: report.test.attempts,
        mean: fixed(report.test.mean),
        median: fixed(report.test.median),
        standardDeviation: fixed(report.test.standardDeviation),
        cronbachAlpha: percent(report.test.cronbachAlpha),
      },
      questions: report.questions.map((question, index) => ({
        number: index + 1,
        key: question.questionId,
        type: question.type ?? '—',
        text: question.text ?? '(no longer in the course)',
        attempts: question.attempts,
        facilityIndex: percent(question.facilityIndex),
        standardDeviation: percent(question.standardDeviation),
        discriminationIndex: percent(question.discriminationIndex),
        discriminativeEfficiency: percent(question.discriminativeEfficiency),
        responses: question.responses.map((response) => ({
          label: `${response.partLabel ? `${response.partLabel} → ` : ''}${response.label ?? (response.kind === 'other' ? 'other answers' : 'no answer')}`,
          credit: response.credit === null ? '—' : `${Math.round(response.credit * 100)}%`,
          count: response.count,
        })),
      })),
    };
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
