import { Injectable } from '@nestjs/common';
import type { RequestViewer } from '../../common/auth/viewer.js';
import { CohortAccessService, type CohortAccess } from '../cohorts/cohort-access.service.js';
import { PeerReviewModerationNotFoundError } from '../peer-review/peer-review-moderation.errors.js';
import { PeerReviewModerationService } from '../peer-review/peer-review-moderation.service.js';
import { DashboardsRepository, type EnrolmentCounts } from './dashboards.repository.js';
import { DashboardNotFoundError } from './dashboards.errors.js';
import type { DashboardTable } from './domain/dashboard-table.js';
import {
  DEFAULT_GRACE_DAYS,
  gradeBins,
  participantsAtRisk,
  progressFunnel,
  rate,
  type AtRiskParticipant,
  type FunnelRow,
  type GradeBin,
} from './domain/figures.js';

export interface QuizPassFigure {
  moduleKey: string;
  number: number;
  title: string;
  passMark: number;
  graded: number;
  passed: number;
  passRate: number | null;
  analysisHref: string;
}

export interface PeerReviewFigure {
  /** Reviews each plan should receive. */
  k: number;
  plans: number;
  /** Plans with at least k counted reviews. */
  covered: number;
  coverageRate: number | null;
  /** Krippendorff's alpha of the counted reviews, as moderation computes it; null when it cannot be computed. */
  alpha: number | null;
}

export interface CohortDashboard {
  access: CohortAccess;
  now: Date;
  graceDays: number;
  enrolment: EnrolmentCounts;
  funnel: FunnelRow[];
  quizzes: QuizPassFigure[];
  capstone: { offered: boolean; submitted: number; graded: number; mean: number | null; bins: GradeBin[] };
  peerReview: PeerReviewFigure | null;
  certificates: number;
  atRisk: AtRiskParticipant[];
  tables: DashboardTable[];
}

/** The cohort dashboard for its trainers and the institute's admins (CohortAccessService decides; others get 404). */
@Injectable()
export class CohortDashboardService {
  constructor(
    private readonly cohortAccess: CohortAccessService,
    private readonly repository: DashboardsRepository,
    private readonly moderation: PeerReviewModerationService,
  ) {}

  async staffAccess(viewer: RequestViewer | null | undefined, instituteSlug: string, cohortId: string) {
    const access = await this.cohortAccess.resolve(viewer, instituteSlug, cohortId);
    if (!access.isStaff) throw new DashboardNotFoundError();
    return access;
  }

  async dashboard(access: CohortAccess, now = new Date(), graceDays = DEFAULT_GRACE_DAYS): Promise<CohortDashboard> {
    const instituteId = access.institute.id;
    const { cohort } = access;
    const [enrolment, modules, counts, quizRows, grades, submitted, certificates, facts, hasCapstone] =
      await Promise.all([
        this.repository.cohortEnrolment(instituteId, cohort.id),
        this.repository.courseModules(cohort.courseVersionId),
        this.repository.moduleCounts(instituteId, cohort.id),
        this.repository.quizPassRates(instituteId, cohort.id, cohort.courseVersionId),
        this.repository.releasedCapstoneGrades(instituteId, cohort.id),
        this.repository.capstoneSubmitters(instituteId, cohort.id),
        this.repository.certificatesHeld(instituteId, cohort.id),
        this.repository.atRiskFacts(instituteId, cohort.id, now),
        this.repository.courseHasCapstone(cohort.courseVersionId),
      ]);
    const peerReview = hasCapstone ? await this.peerReview(access) : null;
    const funnel = progressFunnel(modules, counts, enrolment.active);
    const moduleOf = new Map(modules.map((module) => [module.key, module]));
    const base = `/i/${access.institute.slug}/cohorts/${cohort.id}`;
    const quizzes = quizRows.map((row) => ({
      moduleKey: row.moduleKey,
      number: moduleOf.get(row.moduleKey)?.number ?? 0,
      title: moduleOf.get(row.moduleKey)?.title ?? row.moduleKey,
      passMark: row.passMark,
      graded: row.graded,
      passed: row.passed,
      passRate: rate(row.passed, row.graded),
      analysisHref: `${base}/quizzes/${encodeURIComponent(row.moduleKey)}/analysis`,
    }));
    const mean =
      grades.length === 0 ? null : Math.round((grades.reduce((sum, g) => sum + g, 0) / grades.length) * 100) / 100;
    const capstone = { offered: hasCapstone, submitted, graded: grades.length, mean, bins: gradeBins(grades) };
    const atRisk = participantsAtRisk(
      {
        now,
        graceDays,
        moduleUnlocks: cohort.schedule.moduleUnlocks.map((unlock) => ({
          moduleKey: unlock.moduleId,
          opensAt: new Date(unlock.opensAt),
        })),
        quizModuleKeys: modules.filter((module) => module.hasQuiz).map((module) => module.key),
        quizClosesAt: new Date(cohort.schedule.endsAt),
        capstoneDueAt: hasCapstone ? new Date(cohort.schedule.capstoneDueAt) : null,
      },
      facts,
    );
    const dashboard = {
      access,
      now,
      graceDays,
      enrolment,
      funnel,
      quizzes,
      capstone,
      peerReview,
      certificates,
      atRisk,
    };
    return { ...dashboard, tables: cohortTables(dashboard) };
  }

  /** Coverage and alpha exactly as the moderation page computes them (excluded reviews left out). */
  private async peerReview(access: CohortAccess): Promise<PeerReviewFigure | null> {
    try {
      const overview = await this.moderation.overview(await this.moderation.cohort(access));
      const covered = overview.coverage.filter((row) => row.counted >= overview.k).length;
      return {
        k: overview.k,
        plans: overview.coverage.length,
        covered,
        coverageRate: rate(covered, overview.coverage.length),
        alpha: overview.reliability.overall,
      };
    } catch (error) {
      if (error instanceof PeerReviewModerationNotFoundError) return null;
      throw error;
    }
  }
}

/** The cohort dashboard's tables, the same rows for the page and the CSV. */
export function cohortTables(dashboard: Omit<CohortDashboard, 'tables'>): DashboardTable[] {
  const { enrolment, funnel, quizzes, capstone, peerReview, certificates, atRisk } = dashboard;
  const summary: [string, number | { ratio: number | null } | null][] = [
    ['enrolled', enrolment.enrolled],
    ['active', enrolment.active],
    ['withdrawn', enrolment.withdrawn],
    ['capstone_submitted', capstone.offered ? capstone.submitted : null],
    ['capstone_graded', capstone.offered ? capstone.graded : null],
    ['capstone_mean_percent', capstone.mean],
    ['peer_review_k', peerReview?.k ?? null],
    ['peer_review_plans', peerReview?.plans ?? null],
    ['peer_review_covered', peerReview?.covered ?? null],
    ['peer_review_coverage_percent', peerReview ? { ratio: peerReview.coverageRate } : null],
    [
      'peer_review_alpha',
      peerReview?.alpha === null || peerReview === null ? null : Number(peerReview.alpha.toFixed(3)),
    ],
    ['certificates', certificates],
    ['at_risk', atRisk.length],
  ];
  return [
    { id: 'summary', columns: ['figure', 'value'], rows: summary },
    {
      id: 'funnel',
      columns: ['module', 'number', 'title', 'started', 'completed', 'started_percent', 'completed_percent'],
      rows: funnel.map((row) => [
        row.key,
        row.number,
        row.title,
        row.started,
        row.completed,
        { ratio: row.startedRate },
        { ratio: row.completedRate },
      ]),
    },
    {
      id: 'quizzes',
      columns: ['module', 'number', 'title', 'pass_mark', 'graded', 'passed', 'pass_percent'],
      rows: quizzes.map((row) => [
        row.moduleKey,
        row.number,
        row.title,
        row.passMark,
        row.graded,
        row.passed,
        { ratio: row.passRate },
      ]),
    },
    {
      id: 'capstone',
      columns: ['from_percent', 'to_percent', 'participants'],
      rows: capstone.bins.map((bin) => [bin.from, bin.to, bin.count]),
    },
    {
      id: 'at-risk',
      columns: ['full_name', 'email', 'behind_modules', 'quizzes_missed', 'capstone_missed', 'reviews_missed'],
      rows: atRisk.map((person) => {
        const of = <K extends AtRiskParticipant['reasons'][number]['kind']>(kind: K) =>
          person.reasons.find((reason) => reason.kind === kind) as
            Extract<AtRiskParticipant['reasons'][number], { kind: K }> | undefined;
        return [
          person.fullName,
          person.email,
          of('behind')?.moduleKeys.join(' ') ?? '',
          of('quiz-missed')?.moduleKeys.join(' ') ?? '',
          of('capstone-missed')?.dueAt.toISOString().slice(0, 10) ?? '',
          of('reviews-missed')?.count ?? 0,
        ];
      }),
    },
  ];
}
