import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { formFields } from '../../common/http/form-fields.js';
import type { Locale } from '../../infra/i18n/locales.js';
import { PageResponder } from '../../common/http/page-responder.js';
import { StableIdPipe } from '../../common/http/route-params.pipes.js';
import { loadForSignedIn } from '../../common/http/signed-in-page.js';
import { planDocumentSections } from '../capstones/domain/action-plan-document.js';
import type { CapstoneDefinition, CriterionGrade } from '../capstones/domain/capstone.types.js';
import { formatInTimeZone } from '../cohorts/domain/cohort-schedule.js';
import type { ReviewIntent } from './domain/review-form.js';
import { PeerReviewsService, type ParticipantPeerReview } from './peer-reviews.service.js';
import { participantPeerReviewPath, renderParticipantPeerReviewPage } from './peer-review-participant-pages.js';

type FormBody = Record<string, unknown>;

function rubricModel(definition: CapstoneDefinition, criteria: readonly CriterionGrade[]) {
  return definition.rubric.criteria.map((criterion) => {
    const grade = criteria.find((entry) => entry.criterionId === criterion.id);
    return {
      id: criterion.id,
      title: criterion.title,
      comment: grade?.comment ?? '',
      levels: criterion.levels.map((level) => ({ ...level, checked: grade?.levelId === level.id })),
    };
  });
}

/**
 * Participants' peer-review pages. Double-blind: a reviewer sees "Plan A" and the plan's text (never its author,
 * institute, attachments or file names); an author sees "Reviewer 1" and the review (never the reviewer).
 */
@ApiExcludeController()
@Controller('i/:institute/cohorts/:cohortId/peer-review')
export class PeerReviewsController {
  constructor(
    private readonly reviews: PeerReviewsService,
    private readonly responder: PageResponder,
  ) {}

  @Get('reviews')
  async list(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const participant = await this.load(request, reply, institute, cohortId);
    if (!participant) return reply;
    const [mine, takenBack, calibration] = await Promise.all([
      this.reviews.myAllocations(participant),
      this.reviews.takenBack(participant),
      this.reviews.calibrationStatus(participant),
    ]);
    const base = participantPeerReviewPath(participant);
    return renderParticipantPeerReviewPage(
      this.responder,
      request,
      reply,
      participant,
      'peer-review-list',
      this.responder.t(request, 'peerReview.nav.toWrite'),
      {
        ...this.windowModel(participant, this.responder.localeOf(request)),
        calibrateFirst: calibration.state === 'pending',
        calibrated: calibration.state === 'done',
        calibrateHref: `${base}/calibrate`,
        k: participant.settings.reviewsPerSubmission,
        anonymity: this.responder.t(request, `peerReview.anonymity.${camelCase(participant.settings.anonymity)}`),
        reviews: mine.map(({ label, authorName, allocation }) => ({
          label,
          authorName,
          href: `${base}/reviews/${allocation.id}`,
          state: this.responder.t(
            request,
            allocation.review?.submittedAt
              ? 'peerReview.state.submitted'
              : allocation.review
                ? 'peerReview.state.draft'
                : 'peerReview.state.toDo',
          ),
        })),
        takenBack,
        stallHours: participant.settings.stallHours,
        feedbackHref: `${base}/feedback`,
      },
    );
  }

  @Get('reviews/:allocationId')
  async form(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Param('allocationId') allocationId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const participant = await this.load(request, reply, institute, cohortId);
    if (!participant) return reply;
    // Not calibrated yet: to the calibration page (the service refuses the review itself with 403 anyway).
    if ((await this.reviews.calibrationStatus(participant)).state === 'pending')
      return reply.redirect(`${participantPeerReviewPath(participant)}/calibrate`, 303);
    const target = await this.reviews.reviewToWrite(participant, allocationId);
    return this.renderForm(request, reply, participant, allocationId, target.allocation.review?.criteria ?? [], []);
  }

  @Post('reviews/:allocationId')
  async save(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Param('allocationId') allocationId: string,
    @Body() body: FormBody,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const participant = await this.reviews.participant(request.viewer, institute, cohortId);
    const form = formFields(body);
    const intent: ReviewIntent = form.intent === 'submit' ? 'submit' : 'save';
    const result = await this.reviews.saveReview(participant, allocationId, form, intent);
    if (result.problems.length > 0) {
      return this.renderForm(request, reply, participant, allocationId, result.criteria, result.problems, 422);
    }
    return reply.redirect(`${participantPeerReviewPath(participant)}/reviews/${allocationId}?saved=${intent}`, 303);
  }

  @Get('feedback')
  async feedback(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const participant = await this.load(request, reply, institute, cohortId);
    if (!participant) return reply;
    const { definition, reviews, score, status } = await this.reviews.feedback(participant);
    const base = participantPeerReviewPath(participant);
    const titleOf = new Map(definition.rubric.criteria.map((criterion) => [criterion.id, criterion]));
    const zone = participant.context.access.cohort.timeZone;
    return renderParticipantPeerReviewPage(
      this.responder,
      request,
      reply,
      participant,
      'peer-review-feedback',
      this.responder.t(request, 'peerReview.nav.feedback'),
      {
        count: reviews.length,
        status: status && {
          ...status,
          waiting: status.state === 'waiting',
          short: status.state === 'scored-short',
          needsTrainer: status.state === 'needs-trainer',
          byTrainer: status.state === 'trainer',
          scoreFrom: status.scoreFrom
            ? formatInTimeZone(status.scoreFrom, zone, this.responder.localeOf(request))
            : null,
        },
        percent: score?.percent ?? null,
        criteria: (score?.criteria ?? []).map((entry) => ({
          title: titleOf.get(entry.criterionId)?.title ?? entry.criterionId,
          points: entry.points === null ? '—' : String(entry.points),
          maxPoints: entry.maxPoints,
          reviewCount: entry.reviewCount,
        })),
        reviews: reviews.map((entry) => ({
          label: entry.label,
          reviewerName: entry.reviewerName,
          excluded: entry.excluded,
          criteria: entry.review.criteria.map((grade) => {
            const criterion = titleOf.get(grade.criterionId);
            return {
              title: criterion?.title ?? grade.criterionId,
              level: criterion?.levels.find((level) => level.id === grade.levelId)?.label ?? '—',
              comment: grade.comment,
            };
          }),
          helpfulness: [1, 2, 3, 4, 5].map((value) => ({ value, checked: entry.review.helpfulness === value })),
          rated: entry.review.helpfulness,
          flagged: entry.review.flaggedAt !== null,
          flagReason: entry.review.flagReason,
          rateHref: `${base}/feedback/${entry.allocationId}/helpfulness`,
          flagHref: `${base}/feedback/${entry.allocationId}/flag`,
        })),
      },
    );
  }

  @Post('feedback/:allocationId/helpfulness')
  async rate(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Param('allocationId') allocationId: string,
    @Body() body: FormBody,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const participant = await this.reviews.participant(request.viewer, institute, cohortId);
    await this.reviews.rate(participant, allocationId, formFields(body).helpfulness ?? '');
    return reply.redirect(`${participantPeerReviewPath(participant)}/feedback`, 303);
  }

  @Post('feedback/:allocationId/flag')
  async flag(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Param('allocationId') allocationId: string,
    @Body() body: FormBody,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const participant = await this.reviews.participant(request.viewer, institute, cohortId);
    await this.reviews.flag(participant, allocationId, formFields(body).reason ?? '');
    return reply.redirect(`${participantPeerReviewPath(participant)}/feedback`, 303);
  }

  private async renderForm(
    request: FastifyRequest,
    reply: FastifyReply,
    participant: ParticipantPeerReview,
    allocationId: string,
    criteria: readonly CriterionGrade[],
    problems: string[],
    status = 200,
  ) {
    const target = await this.reviews.reviewToWrite(participant, allocationId);
    const submitted = Boolean(target.allocation.review?.submittedAt);
    const query = request.query as Record<string, string | undefined>;
    return renderParticipantPeerReviewPage(
      this.responder,
      request,
      reply,
      participant,
      'peer-review-form',
      target.label,
      {
        ...this.windowModel(participant, this.responder.localeOf(request)),
        label: target.label,
        authorName: target.authorName,
        sections: planDocumentSections(target.definition, target.submission.content),
        criteria: rubricModel(target.definition, criteria),
        minCommentLength: participant.settings.minCommentLength,
        problems,
        submitted,
        saved: problems.length === 0 ? (query.saved ?? null) : null,
        editable: participant.window.state === 'open',
        action: `${participantPeerReviewPath(participant)}/reviews/${allocationId}`,
        listHref: `${participantPeerReviewPath(participant)}/reviews`,
      },
      status,
    );
  }

  private windowModel(participant: ParticipantPeerReview, locale: Locale) {
    const zone = participant.context.access.cohort.timeZone;
    return {
      opensAt: formatInTimeZone(participant.window.opensAt, zone, locale),
      closesAt: formatInTimeZone(participant.window.closesAt, zone, locale),
      notOpen: participant.window.state === 'not-open',
      closed: participant.window.state === 'closed',
    };
  }

  private load(request: FastifyRequest, reply: FastifyReply, institute: string, cohortId: string) {
    return loadForSignedIn(request, reply, () => this.reviews.participant(request.viewer, institute, cohortId));
  }
}

/** `double-blind` → `doubleBlind`: catalogue keys are identifiers. */
function camelCase(value: string): string {
  return value.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}
