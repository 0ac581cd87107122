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
    const [context, facts] = await Promise.all([
      this.repository.findIssuingContext(instituteId, cohortId),
      this.repository.findStandingFacts(instituteId, cohortId, userId),
    ]);
    if (!context || !facts) return null;
    const course = await this.content.getCourseVersion(context.courseVersionId);
    const [definition, quizzes] = await Promise.all([
      this.content.getCapstone(course),
      this.quizStandings.participantStandings(instituteId, cohortId, userId, course),
    ]);
    const quizStandings = new Map(
      [...quizzes].map(([moduleId, standing]) => [moduleId, new Map([[userId, standing]])]),
    );
    return eligibilityOf(userId, context, course, definition, quizStandings, facts);
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
      results.push(eligibilityOf(userId, context, course, definition, quizStandings, facts));
    }
    return results;
  }
}

function eligibilityOf(
  userId: string,
  context: IssuingContext,
  course: CourseVersionView,
  definition: CapstoneDefinition | null,
  quizStandings: Map<string, Map<string, QuizStanding>>,
  facts: StandingFacts,
): Eligibility {
  const standing = standingOf(course, definition, quizStandings, facts, userId);
  const verdict = facts.enrolled
    ? evaluateCompletion(course.outline.completion, standing)
    : { eligible: false, missing: [], checklist: [] };
  return { userId, context, course, facts, standing, verdict };
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
