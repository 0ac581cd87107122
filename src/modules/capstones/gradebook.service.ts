import { Injectable } from '@nestjs/common';
import type { RequestViewer } from '../../common/auth/viewer.js';
import type { CohortAccess } from '../cohorts/cohort-access.service.js';
import { NotEnrolledError } from '../cohorts/cohorts.errors.js';
import { LearningService } from '../cohorts/learning.service.js';
import type { CourseVersionView } from '../content/content.views.js';
import { QuizStandingsService } from '../quizzes/quiz-standings.service.js';
import { CapstoneContextService } from './capstone-context.service.js';
import { CapstoneGradingRepository, type QueueEntry } from './capstone-grading.repository.js';
import type { CapstoneDefinition, GradebookWeights } from './domain/capstone.types.js';
import type { CapstoneGradeState, GradebookCsvRow } from './domain/gradebook-csv.js';
import {
  gradebookResult,
  type GradeCompletionRules,
  type PeerReviewComponentInput,
  type QuizComponentInput,
} from './domain/gradebook.js';
import { PeerReviewGradesService } from '../peer-review/peer-review-grades.service.js';

export interface GradebookRow extends GradebookCsvRow {
  quizzes: (QuizComponentInput & { attempted: boolean })[];
  /** The latest version's grade while not released: staff see it, marked, and it never counts. */
  unreleasedPercent: number | null;
  /** Peer review's percent (peer score, the trainer's override winning, mixed with the reviewer's grade). */
  peerReviewPercent: number | null;
}

/** The cohort's gradebook for staff and each participant's own grades; only released capstone grades count. */
@Injectable()
export class GradebookService {
  constructor(
    private readonly contexts: CapstoneContextService,
    private readonly learning: LearningService,
    private readonly standings: QuizStandingsService,
    private readonly grading: CapstoneGradingRepository,
    private readonly peerReview: PeerReviewGradesService,
  ) {}

  /** Every enrolled participant with their quiz, capstone and final grades. */
  async cohortGradebook(access: CohortAccess) {
    const { course, rules } = await this.rulesOf(access);
    const [participants, standings, latest, released, peer] = await Promise.all([
      this.learning.listParticipants(access.institute.id, access.cohort.id),
      this.standings.cohortStandings(access.institute.id, access.cohort.id, course),
      this.grading.listLatestSubmissions(access.institute.id, access.cohort.id),
      this.grading.listLatestReleasedGrades(access.institute.id, access.cohort.id),
      this.peerComponents(access, rules),
    ]);
    const latestByUser = new Map(latest.map((entry) => [entry.userId, entry]));
    const releasedByUser = new Map(released.map((entry) => [entry.userId, entry]));
    const quizModules = course.modules.filter((module) => module.quiz);
    const rows: GradebookRow[] = participants.map((person) => {
      const quizzes = quizModules.map((module) => {
        const standing = standings.get(module.id)?.get(person.userId) ?? null;
        return {
          moduleId: module.id,
          percent: standing?.grade ?? null,
          passed: standing?.passed ?? false,
          attempted: standing?.grade !== null && standing !== null,
        };
      });
      const releasedGrade = releasedByUser.get(person.userId) ?? null;
      const submission = latestByUser.get(person.userId) ?? null;
      const result = finalResult(rules, quizzes, releasedGrade?.percent ?? null, peer.get(person.userId) ?? null);
      return {
        userId: person.userId,
        email: person.email,
        fullName: person.fullName,
        quizzes,
        quizPercents: Object.fromEntries(quizzes.map((quiz) => [quiz.moduleId, quiz.percent])),
        quizMean: result.quizMean,
        capstonePercent: releasedGrade?.percent ?? null,
        capstoneVersion: releasedGrade?.version ?? null,
        capstoneState: capstoneState(submission),
        unreleasedPercent: submission && submission.releasedAt === null ? submission.percent : null,
        peerReviewPercent: result.peerReviewPercent ?? null,
        finalPercent: result.finalPercent,
        status: result.status,
      };
    });
    return { course, quizModules, weights: rules.weights, rows };
  }

  /** A participant's own grades: quizzes, and the capstone grade only once released. */
  async ownGrades(viewer: RequestViewer | null | undefined, instituteSlug: string, cohortId: string) {
    const access = await this.contexts.access(viewer, instituteSlug, cohortId);
    if (!access.enrolment) throw new NotEnrolledError();
    const userId = access.enrolment.userId;
    const { course, rules } = await this.rulesOf(access);
    const [standings, latest, released, peer] = await Promise.all([
      this.standings.cohortStandings(access.institute.id, access.cohort.id, course),
      this.grading.listLatestSubmissions(access.institute.id, access.cohort.id),
      this.grading.listLatestReleasedGrades(access.institute.id, access.cohort.id, userId),
      this.peerComponents(access, rules),
    ]);
    const quizzes = course.modules
      .filter((module) => module.quiz)
      .map((module) => {
        const standing = standings.get(module.id)?.get(userId) ?? null;
        return {
          moduleId: module.id,
          number: module.number,
          title: module.title,
          percent: standing?.grade ?? null,
          passed: standing?.passed ?? false,
        };
      });
    const submission = latest.find((entry) => entry.userId === userId) ?? null;
    const releasedSummary = released[0] ?? null;
    const releasedGrade = releasedSummary
      ? await this.grading.findReleasedGrade(access.institute.id, releasedSummary.submissionId)
      : null;
    const result = finalResult(rules, quizzes, releasedGrade?.percent ?? null, peer.get(userId) ?? null);
    return {
      access,
      weights: rules.weights,
      definition: rules.capstone,
      quizzes,
      quizMean: result.quizMean,
      capstone: {
        // What the participant may know of the latest version: never whether a draft exists, nor a percent.
        state: participantState(submission),
        version: submission?.version ?? null,
        submittedAt: submission?.submittedAt ?? null,
        released: releasedGrade && releasedSummary ? { ...releasedGrade, version: releasedSummary.version } : null,
      },
      peerReviewPercent: result.peerReviewPercent ?? null,
      finalPercent: result.finalPercent,
      status: result.status,
    };
  }

  /** Peer review's components per person, read only when course.yaml gives peer review a weight. */
  private async peerComponents(
    access: CohortAccess,
    rules: GradingRules,
  ): Promise<Map<string, PeerReviewComponentInput>> {
    if (rules.weights.peerReview <= 0 || !rules.capstone) return new Map();
    return this.peerReview.cohortComponents(peerReviewCohortOf(access), rules.capstone);
  }

  /** The course's rules, with the weight the cohort's peer-review settings give peer review, if they give one. */
  private async rulesOf(access: CohortAccess): Promise<{ course: CourseVersionView; rules: GradingRules }> {
    const { course, definition } = await this.contexts.course(access.cohort.courseVersionId);
    const rules = gradingRules(course, definition);
    if (!definition) return { course, rules };
    const peerReview = await this.peerReview.gradebookWeight(peerReviewCohortOf(access));
    return { course, rules: { ...rules, weights: { ...rules.weights, peerReview } } };
  }
}

function peerReviewCohortOf(access: CohortAccess) {
  return {
    id: access.cohort.id,
    instituteId: access.institute.id,
    courseVersionId: access.cohort.courseVersionId,
    schedule: access.cohort.schedule,
  };
}

interface GradingRules {
  capstone: CapstoneDefinition | null;
  weights: GradebookWeights;
  completion: GradeCompletionRules;
}

/** course.yaml `gradebook:` as the content import resolved it (its defaults: quizzes 40, capstone 60, pass 60). */
function gradingRules(course: CourseVersionView, capstone: CapstoneDefinition | null): GradingRules {
  const completion = course.outline.completion;
  return {
    capstone,
    weights: course.gradebook,
    completion: { quizzes: completion.quizzes, capstone: completion.capstone },
  };
}

/** The final grade from the quizzes and the latest released capstone percent (null: none released). */
function finalResult(
  rules: GradingRules,
  quizzes: QuizComponentInput[],
  releasedPercent: number | null,
  peerReview: PeerReviewComponentInput | null,
) {
  const capstone = {
    releasedPercent,
    exists: rules.capstone !== null,
    passPercent: rules.capstone?.passPercent ?? 0,
  };
  return gradebookResult(quizzes, capstone, rules.weights, rules.completion, peerReview);
}

function capstoneState(submission: QueueEntry | null): CapstoneGradeState {
  if (!submission) return 'not-submitted';
  if (submission.gradeStatus === null) return 'not-graded';
  if (submission.gradeStatus === 'draft') return 'draft';
  return submission.releasedAt ? 'released' : 'unreleased';
}

export type ParticipantCapstoneState = 'not-submitted' | 'awaiting-grade' | 'graded-unreleased' | 'released';

function participantState(submission: QueueEntry | null): ParticipantCapstoneState {
  if (!submission) return 'not-submitted';
  if (submission.gradeStatus !== 'final') return 'awaiting-grade';
  return submission.releasedAt ? 'released' : 'graded-unreleased';
}
