import { Injectable } from '@nestjs/common';
import type { CapstoneDefinition } from '../capstones/domain/capstone.types.js';
import { ContentService } from '../content/content.service.js';
import type { CourseVersionView } from '../content/content.views.js';
import type { QuizStanding } from '../quizzes/domain/quiz-standing.js';
import { QuizStandingsService } from '../quizzes/quiz-standings.service.js';
import { CertificatesRepository, type IssuingContext, type StandingFacts } from './certificates.repository.js';
import { evaluateCompletion, type CompletionVerdict, type ParticipantStanding } from './domain/completion.js';

export interface Eligibility {
  userId: string;
  context: IssuingContext;
  course: CourseVersionView;
  facts: StandingFacts;
  standing: ParticipantStanding;
  verdict: CompletionVerdict;
}

/** Where participants stand on the course's completion rules, read fresh from the grades. */
@Injectable()
export class CertificateEligibilityService {
  constructor(
    private readonly repository: CertificatesRepository,
    private readonly content: ContentService,
    private readonly quizStandings: QuizStandingsService,
  ) {}

  /** Null when the cohort or the person does not exist in the institute. */
  async evaluate(instituteId: string, cohortId: string, userId: string): Promise<Eligibility | null> {
    const [result] = await this.evaluateMany(instituteId, cohortId, [userId]);
    return result ?? null;
  }

  /** Several participants of one cohort, reading the cohort's quiz standings once. */
  async evaluateMany(instituteId: string, cohortId: string, userIds: string[]): Promise<Eligibility[]> {
    const context = await this.repository.findIssuingContext(instituteId, cohortId);
    if (!context) return [];
    const course = await this.content.getCourseVersion(context.courseVersionId);
    const [definition, quizStandings] = await Promise.all([
      this.content.getCapstone(course),
      this.quizStandings.cohortStandings(instituteId, cohortId, course),
    ]);
    const results: Eligibility[] = [];
    for (const userId of userIds) {
      const facts = await this.repository.findStandingFacts(instituteId, cohortId, userId);
      if (!facts) continue;
      const standing = standingOf(course, definition, quizStandings, facts, userId);
      const verdict = facts.enrolled
        ? evaluateCompletion(course.outline.completion, standing)
        : { eligible: false, missing: [], checklist: [] };
      results.push({ userId, context, course, facts, standing, verdict });
    }
    return results;
  }
}

function standingOf(
  course: CourseVersionView,
  definition: CapstoneDefinition | null,
  quizStandings: Map<string, Map<string, QuizStanding>>,
  facts: StandingFacts,
  userId: string,
): ParticipantStanding {
  return {
    modules: course.modules.map((module) => ({
      id: module.id,
      number: module.number,
      title: module.title,
      completed: facts.completedModules.has(module.id),
    })),
    quizzes: course.modules
      .filter((module) => module.quiz)
      .map((module) => {
        const quiz = quizStandings.get(module.id)?.get(userId) ?? null;
        return {
          moduleId: module.id,
          number: module.number,
          title: module.title,
          passed: quiz?.passed ?? false,
          percent: quiz?.grade ?? null,
        };
      }),
    capstone: {
      exists: definition !== null,
      passPercent: definition?.passPercent ?? 0,
      releasedPercent: facts.releasedCapstonePercent,
    },
    peerReviews: { assigned: facts.peerReviewsAssigned, submitted: facts.peerReviewsSubmitted },
  };
}
