import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { formFields } from '../../common/http/form-fields.js';
import { PageResponder } from '../../common/http/page-responder.js';
import { StableIdPipe } from '../../common/http/route-params.pipes.js';
import { loadForSignedIn } from '../../common/http/signed-in-page.js';
import { CapstoneContextService } from '../capstones/capstone-context.service.js';
import type { CohortAccess } from '../cohorts/cohort-access.service.js';
import { formatInTimeZone } from '../cohorts/domain/cohort-schedule.js';
import { cohortPath } from '../cohorts/learning.service.js';
import { PeerReviewModerationActionsService } from './peer-review-moderation-actions.service.js';
import {
  OUTLIER_THRESHOLD_POINTS,
  PeerReviewModerationService,
  type ModerationCohort,
} from './peer-review-moderation.service.js';
import { peerReviewPath } from './peer-review-staff.controller.js';

type FormBody = Record<string, unknown>;

export function moderationPath(access: CohortAccess): string {
  return `${peerReviewPath(access)}/moderation`;
}

const NOTICES: Record<string, string> = {
  decided: 'Decision recorded.',
  overridden: 'Peer score override recorded.',
  added: 'Reviewer added: the plan is now in their list of reviews to write.',
  cancelled: 'Allocation cancelled.',
  replaced: 'Reviewer replaced: the new reviewer has the plan in their list.',
};

const STATUS_WORDS = {
  assigned: 'assigned, not started',
  started: 'started (draft saved)',
  submitted: 'submitted',
  replaced: 'replaced',
  cancelled: 'cancelled',
} as const;

const alphaText = (alpha: number | null) => (alpha === null ? '—' : alpha.toFixed(3));

/**
 * Trainers and admins: moderation of a cohort's peer review (coverage, outliers, flags, alpha, reviewers' grades)
 * and one plan's reviews with the override and reallocation forms. Everyone else is told the page does not exist.
 */
@ApiExcludeController()
@Controller('i/:institute/cohorts/:cohortId/peer-review/moderation')
export class PeerReviewModerationController {
  constructor(
    private readonly contexts: CapstoneContextService,
    private readonly moderation: PeerReviewModerationService,
    private readonly actions: PeerReviewModerationActionsService,
    private readonly responder: PageResponder,
  ) {}

  @Get()
  async page(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const loaded = await loadForSignedIn(request, reply, () => this.load(request, institute, cohortId));
    if (!loaded) return reply;
    const { access, context } = loaded;
    const overview = await this.moderation.overview(context);
    const zone = access.cohort.timeZone;
    const base = moderationPath(access);
    const submissionHref = (submissionId: string) => `${base}/submissions/${submissionId}`;
    const short = overview.coverage.filter((row) => row.missing > 0);
    return this.render(
      request,
      reply,
      access,
      context,
      'peer-review-moderation',
      this.responder.t(request, 'peerReview.nav.moderation'),
      {
        notice: this.notice(request),
        k: overview.k,
        threshold: OUTLIER_THRESHOLD_POINTS,
        staffHref: peerReviewPath(access),
        shortCount: short.length,
        coverage: [...short, ...overview.coverage.filter((row) => row.missing === 0)].map((row) => ({
          ...row,
          short: row.missing > 0,
          href: submissionHref(row.submissionId),
        })),
        outliers: overview.outliers.map((row) => ({
          ...row,
          href: `${submissionHref(row.submissionId)}#review-${row.reviewId}`,
        })),
        flags: overview.flags.map((flag) => ({
          allocationId: flag.allocationId,
          authorName: flag.authorName,
          reviewerName: flag.reviewerName,
          flagReason: flag.flagReason,
          flaggedAt: formatInTimeZone(flag.flaggedAt, zone, this.responder.localeOf(request)),
          href: `${submissionHref(flag.submissionId)}#review-${flag.allocationId}`,
          decisionHref: `${base}/reviews/${flag.allocationId}/decision`,
          open: flag.resolution === null,
          resolution: flag.resolution
            ? {
                words:
                  flag.resolution.decision === 'exclude' ? 'excluded from scoring' : 'dismissed (the review counts)',
                note: flag.resolution.note,
                by: flag.resolution.createdByName,
                at: formatInTimeZone(flag.resolution.createdAt, zone, this.responder.localeOf(request)),
              }
            : null,
          excluded: flag.excluded,
        })),
        reliability: {
          ...overview.reliability,
          overallText: alphaText(overview.reliability.overall),
          computed: overview.reliability.overall !== null,
          criteria: overview.reliability.criteria.map((entry) => ({
            title: entry.title,
            alpha: alphaText(entry.alpha),
          })),
        },
        reviewers: overview.reviewers.map((row) => ({
          ...row,
          gradeText: row.grade === null ? '—' : `${row.grade}%`,
          behind: row.submitted < row.required,
        })),
        csrfToken: reply.generateCsrf(),
      },
    );
  }

  @Get('submissions/:submissionId')
  async submission(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Param('submissionId') submissionId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const loaded = await loadForSignedIn(request, reply, () => this.load(request, institute, cohortId));
    if (!loaded) return reply;
    const { access, context } = loaded;
    const detail = await this.moderation.submission(context, submissionId);
    const zone = access.cohort.timeZone;
    const base = moderationPath(access);
    const criterionById = new Map(detail.criteria.map((criterion) => [criterion.id, criterion]));
    const candidates = detail.candidates.map((person) => ({ value: person.userId, label: person.fullName }));
    const { score } = detail;
    return this.render(
      request,
      reply,
      access,
      context,
      'peer-review-moderation-submission',
      this.responder.t(request, 'peerReview.nav.planOf', { author: detail.submission.authorName }),
      {
        notice: this.notice(request),
        authorName: detail.submission.authorName,
        version: detail.submission.version,
        submittedAt: formatInTimeZone(detail.submission.submittedAt, zone, this.responder.localeOf(request)),
        k: context.settings.reviewsPerSubmission,
        counts: detail.counts,
        moderationHref: base,
        score: {
          percent: score?.percent ?? null,
          hasPercent: score?.percent !== null && score !== null,
          overridden: score?.percentOverridden ?? false,
          peerPercent: detail.peerPercent,
          hasPeerPercent: detail.peerPercent !== null,
          criteria: detail.criteria.map((criterion, index) => {
            const entry = score?.criteria[index] ?? null;
            return {
              title: criterion.title,
              median: entry?.points ?? null,
              hasMedian: entry !== null && entry.points !== null,
              maxPoints: Math.max(...criterion.levels.map((level) => level.points)),
              reviewCount: entry?.reviewCount ?? 0,
            };
          }),
        },
        overrides: detail.overrides.map((entry) => ({
          percent: entry.percent,
          withdrawn: entry.percent === null,
          reason: entry.reason,
          by: entry.createdByName,
          at: formatInTimeZone(entry.createdAt, zone, this.responder.localeOf(request)),
        })),
        currentOverride: detail.overrides[0]?.percent ?? null,
        overrideHref: `${base}/submissions/${detail.submission.id}/override`,
        addReviewerHref: `${base}/submissions/${detail.submission.id}/reviewers`,
        candidates,
        hasCandidates: candidates.length > 0,
        allocations: detail.allocations.map((row) => {
          const active = row.status === 'assigned' || row.status === 'started' || row.status === 'submitted';
          const submitted = row.status === 'submitted' && Boolean(row.review?.submittedAt);
          return {
            id: row.id,
            reviewerName: row.reviewerName,
            statusWords: STATUS_WORDS[row.status],
            round: row.round,
            assignedAt: formatInTimeZone(row.assignedAt, zone, this.responder.localeOf(request)),
            endedAt: row.endedAt ? formatInTimeZone(row.endedAt, zone, this.responder.localeOf(request)) : null,
            active,
            submitted,
            needsConfirm: row.status === 'started' || row.status === 'submitted',
            progressWord: row.status === 'submitted' ? 'submitted' : 'started',
            percent: row.percent,
            hasPercent: row.percent !== null,
            excluded: row.excluded,
            outlier: row.outlier,
            helpfulness: row.review?.helpfulness ?? null,
            flagReason: row.review?.flagReason ?? null,
            criteria: (row.review?.criteria ?? []).map((grade) => {
              const criterion = criterionById.get(grade.criterionId);
              const level = criterion?.levels.find((entry) => entry.id === grade.levelId);
              return {
                title: criterion?.title ?? grade.criterionId,
                level: level
                  ? `${level.label} (${level.points} of ${Math.max(...criterion!.levels.map((entry) => entry.points))})`
                  : '—',
                comment: grade.comment,
              };
            }),
            decisions: row.decisions.map((entry) => ({
              words: entry.decision === 'exclude' ? 'Excluded from scoring' : 'Kept in scoring',
              note: entry.note,
              by: entry.createdByName,
              at: formatInTimeZone(entry.createdAt, zone, this.responder.localeOf(request)),
            })),
            decisionHref: `${base}/reviews/${row.id}/decision`,
            cancelHref: `${base}/allocations/${row.id}/cancel`,
            replaceHref: `${base}/allocations/${row.id}/replace`,
          };
        }),
        csrfToken: reply.generateCsrf(),
      },
    );
  }

  @Post('reviews/:allocationId/decision')
  async decide(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Param('allocationId') allocationId: string,
    @Body() body: FormBody,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const { access, context } = await this.load(request, institute, cohortId);
    const form = formFields(body);
    const { submissionId } = await this.actions.decide(
      context,
      request.viewer!.userId,
      allocationId,
      form.decision,
      form.note,
    );
    const base = moderationPath(access);
    const target =
      form.from === 'overview'
        ? `${base}?done=decided#flags`
        : `${base}/submissions/${submissionId}?done=decided#review-${allocationId}`;
    return reply.redirect(target, 303);
  }

  @Post('submissions/:submissionId/override')
  async override(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Param('submissionId') submissionId: string,
    @Body() body: FormBody,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const { access, context } = await this.load(request, institute, cohortId);
    const form = formFields(body);
    await this.actions.overrideScore(context, request.viewer!.userId, submissionId, form.percent, form.reason);
    return reply.redirect(`${moderationPath(access)}/submissions/${submissionId}?done=overridden`, 303);
  }

  @Post('submissions/:submissionId/reviewers')
  async addReviewer(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Param('submissionId') submissionId: string,
    @Body() body: FormBody,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const { access, context } = await this.load(request, institute, cohortId);
    const form = formFields(body);
    await this.actions.addReviewer(context, request.viewer!.userId, submissionId, form.reviewerId, form.reason);
    return reply.redirect(`${moderationPath(access)}/submissions/${submissionId}?done=added`, 303);
  }

  @Post('allocations/:allocationId/cancel')
  async cancel(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Param('allocationId') allocationId: string,
    @Body() body: FormBody,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.end(request, reply, institute, cohortId, allocationId, formFields(body), 'cancel');
  }

  @Post('allocations/:allocationId/replace')
  async replace(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Param('allocationId') allocationId: string,
    @Body() body: FormBody,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.end(request, reply, institute, cohortId, allocationId, formFields(body), 'replace');
  }

  private async end(
    request: FastifyRequest,
    reply: FastifyReply,
    institute: string,
    cohortId: string,
    allocationId: string,
    form: Record<string, string>,
    action: 'cancel' | 'replace',
  ) {
    const { access, context } = await this.load(request, institute, cohortId);
    const { submissionId } = await this.actions.endAllocation(context, request.viewer!.userId, allocationId, {
      action,
      reviewerId: form.reviewerId,
      reason: form.reason,
      confirmed: form.confirm === 'yes',
    });
    const done = action === 'replace' ? 'replaced' : 'cancelled';
    return reply.redirect(`${moderationPath(access)}/submissions/${submissionId}?done=${done}`, 303);
  }

  private async load(
    request: FastifyRequest,
    institute: string,
    cohortId: string,
  ): Promise<{ access: CohortAccess; context: ModerationCohort }> {
    const access = await this.contexts.staffAccess(request.viewer, institute, cohortId);
    return { access, context: await this.moderation.cohort(access) };
  }

  private notice(request: FastifyRequest): string | null {
    const done = (request.query as Record<string, string | undefined>).done;
    return done !== undefined && Object.hasOwn(NOTICES, done) ? NOTICES[done] : null;
  }

  private render(
    request: FastifyRequest,
    reply: FastifyReply,
    access: CohortAccess,
    context: ModerationCohort,
    view: string,
    title: string,
    model: object,
  ) {
    return this.responder.render(
      request,
      reply,
      view,
      {
        title: `${title} · ${access.cohort.title}`,
        trail: [
          { href: '/learn', label: this.responder.t(request, 'cohorts.learn.title') },
          { href: cohortPath(access.institute.slug, access.cohort.id), label: access.cohort.title },
          { href: peerReviewPath(access), label: this.responder.t(request, 'peerReview.nav.reviews') },
        ],
      },
      model,
    );
  }
}
