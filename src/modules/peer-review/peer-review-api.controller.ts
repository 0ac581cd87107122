import { Body, Controller, Get, HttpCode, Param, Post, Put, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { StableIdPipe } from '../../common/http/route-params.pipes.js';
import { budgetTotals } from '../capstones/domain/budget-totals.js';
import type { CapstoneDefinition, PlanContent } from '../capstones/domain/capstone.types.js';
import { reviewFormFromJson } from './domain/review-form.js';
import { PeerReviewInvalidError } from './peer-review.errors.js';
import type { StoredReview } from './peer-review.repository.js';
import { PeerReviewsService, type ParticipantPeerReview } from './peer-reviews.service.js';

function windowJson(participant: ParticipantPeerReview) {
  return {
    opensAt: participant.window.opensAt.toISOString(),
    closesAt: participant.window.closesAt.toISOString(),
    state: participant.window.state,
  };
}

function rubricJson(definition: CapstoneDefinition) {
  return definition.rubric.criteria.map((criterion) => ({
    id: criterion.id,
    title: criterion.title,
    levels: criterion.levels.map((level) => ({
      id: level.id,
      label: level.label,
      points: level.points,
      descriptor: level.descriptor,
    })),
  }));
}

/** The plan's sections as the author wrote them, budget totals computed: no author, file or version fields. */
function planJson(content: PlanContent) {
  return Object.fromEntries(
    Object.entries(content.sections).map(([id, section]) => [
      id,
      section.kind === 'budget' ? { ...section, totals: budgetTotals(section.lines) } : section,
    ]),
  );
}

/** A review as either side may see it: levels and comments, and whether it is submitted; never who wrote it. */
function reviewJson(review: StoredReview | null) {
  return review && { criteria: review.criteria, submitted: review.submittedAt !== null };
}

/**
 * Participants' peer review over JSON, with the pages' rules and anonymity: a reviewer sees "Plan A" and its
 * sections, an author sees "Reviewer 1" and the review. Ids here are allocation ids, which name neither side.
 */
@ApiTags('peer review')
@Controller('api/institutes/:institute/cohorts/:cohortId/peer-review')
export class PeerReviewApiController {
  constructor(private readonly reviews: PeerReviewsService) {}

  @Get('reviews')
  @ApiOperation({
    summary: 'The plans I am to review ("Plan A", …), the window, the rubric and where I stand with calibration',
  })
  async list(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Req() request: FastifyRequest,
  ) {
    const participant = await this.reviews.participant(request.viewer, institute, cohortId);
    const [mine, calibration] = await Promise.all([
      this.reviews.myAllocations(participant),
      this.reviews.calibrationStatus(participant),
    ]);
    return {
      window: windowJson(participant),
      // pending: calibrate first (the pages' /peer-review/calibrate); until then each review answers 403.
      calibration: {
        state: calibration.state,
        required: calibration.required,
        done: Math.min(calibration.counted, calibration.required),
      },
      reviewsPerSubmission: participant.settings.reviewsPerSubmission,
      minCommentLength: participant.settings.minCommentLength,
      rubric: rubricJson(participant.context.definition),
      anonymity: participant.settings.anonymity,
      reviews: mine.map(({ label, authorName, allocation }) => ({
        id: allocation.id,
        label,
        // Only when the cohort's anonymity lets reviewers see authors; null under double-blind review.
        author: authorName,
        state: allocation.review?.submittedAt ? 'submitted' : allocation.review ? 'draft' : 'to-do',
      })),
    };
  }

  @Get('reviews/:allocationId')
  @ApiOperation({ summary: 'One plan to review: its sections and my review so far' })
  async one(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Param('allocationId') allocationId: string,
    @Req() request: FastifyRequest,
  ) {
    const participant = await this.reviews.participant(request.viewer, institute, cohortId);
    const target = await this.reviews.reviewToWrite(participant, allocationId);
    return {
      id: target.allocation.id,
      label: target.label,
      author: target.authorName,
      editable: participant.window.state === 'open',
      plan: planJson(target.submission.content),
      review: reviewJson(target.allocation.review),
    };
  }

  @Put('reviews/:allocationId')
  @ApiOperation({
    summary:
      'Save my review (body: { criteria: [{ criterionId, levelId, comment }], submit?: true }); 422 names each problem, 409 once the window has closed',
  })
  async save(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Param('allocationId') allocationId: string,
    @Body() body: Record<string, unknown> | undefined,
    @Req() request: FastifyRequest,
  ) {
    const participant = await this.reviews.participant(request.viewer, institute, cohortId);
    const target = await this.reviews.reviewToWrite(participant, allocationId);
    let form: Record<string, string>;
    try {
      form = reviewFormFromJson(target.definition.rubric.criteria, body);
    } catch (error) {
      throw new PeerReviewInvalidError((error as Error).message);
    }
    const result = await this.reviews.saveReview(
      participant,
      allocationId,
      form,
      body?.submit === true ? 'submit' : 'save',
    );
    if (result.problems.length > 0) throw new PeerReviewInvalidError(result.problems.join(' '));
    const saved = await this.reviews.reviewToWrite(participant, allocationId);
    return { id: allocationId, review: reviewJson(saved.allocation.review) };
  }

  @Get('feedback')
  @ApiOperation({ summary: 'The reviews of my plan ("Reviewer 1", …), its peer score once it can be given' })
  async feedback(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Req() request: FastifyRequest,
  ) {
    const participant = await this.reviews.participant(request.viewer, institute, cohortId);
    const { reviews, score, status } = await this.reviews.feedback(participant);
    return {
      status: status && {
        state: status.state,
        scoreFrom: status.scoreFrom?.toISOString() ?? null,
        submittedReviews: status.submittedReviews,
        reviewsPerSubmission: status.reviewsPerSubmission,
        trainerPercent: status.trainerPercent,
      },
      score,
      reviews: reviews.map((entry) => ({
        id: entry.allocationId,
        label: entry.label,
        // Only under open review; null otherwise.
        reviewer: entry.reviewerName,
        excluded: entry.excluded,
        criteria: entry.review.criteria,
        helpfulness: entry.review.helpfulness,
        flagged: entry.review.flaggedAt !== null,
      })),
    };
  }

  @Post('feedback/:allocationId/helpfulness')
  @HttpCode(200)
  @ApiOperation({ summary: 'Rate how helpful a review of my plan was (body: { helpfulness: a whole number 1..5 })' })
  async rate(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Param('allocationId') allocationId: string,
    @Body() body: Record<string, unknown> | undefined,
    @Req() request: FastifyRequest,
  ) {
    const participant = await this.reviews.participant(request.viewer, institute, cohortId);
    const helpfulness = body?.helpfulness;
    await this.reviews.rate(participant, allocationId, typeof helpfulness === 'number' ? String(helpfulness) : '');
    return { id: allocationId, helpfulness };
  }

  @Post('feedback/:allocationId/flag')
  @HttpCode(200)
  @ApiOperation({ summary: 'Flag a review of my plan for the trainer (body: { reason })' })
  async flag(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Param('allocationId') allocationId: string,
    @Body() body: Record<string, unknown> | undefined,
    @Req() request: FastifyRequest,
  ) {
    const participant = await this.reviews.participant(request.viewer, institute, cohortId);
    await this.reviews.flag(participant, allocationId, typeof body?.reason === 'string' ? body.reason : '');
    return { id: allocationId, flagged: true };
  }
}
