import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { formFields } from '../../common/http/form-fields.js';
import { PageResponder } from '../../common/http/page-responder.js';
import { StableIdPipe } from '../../common/http/route-params.pipes.js';
import { loadForSignedIn } from '../../common/http/signed-in-page.js';
import type { RubricCriterion } from '../capstones/domain/capstone.types.js';
import { formatInTimeZone } from '../cohorts/domain/cohort-schedule.js';
import { levelsFigure, planParagraphs, type CalibrationLevel } from './domain/calibration.js';
import { PeerReviewCalibrationService, type Calibrator } from './peer-review-calibration.service.js';
import { PeerReviewsService, type ParticipantPeerReview } from './peer-reviews.service.js';
import { participantPeerReviewPath, renderParticipantPeerReviewPage } from './peer-review-participant-pages.js';

type FormBody = Record<string, unknown>;

export function calibratorOf(participant: ParticipantPeerReview): Calibrator {
  return {
    cohort: participant.cohort,
    userId: participant.userId,
    settings: participant.settings,
    rubric: participant.context.definition.rubric.criteria,
  };
}

function calibrationForm(rubric: readonly RubricCriterion[], levels: readonly CalibrationLevel[]) {
  return rubric.map((criterion) => {
    const chosen = levels.find((entry) => entry.criterionId === criterion.id);
    return {
      id: criterion.id,
      title: criterion.title,
      comment: chosen?.comment ?? '',
      levels: criterion.levels.map((level) => ({ ...level, checked: chosen?.levelId === level.id })),
    };
  });
}

/**
 * Participants' calibration before peer review: an example plan (no author: it is an example), their levels,
 * then the result beside the trainer's reference. Staff and outsiders get 404, as on the other review pages.
 */
@ApiExcludeController()
@Controller('i/:institute/cohorts/:cohortId/peer-review')
export class PeerReviewCalibrationController {
  constructor(
    private readonly reviews: PeerReviewsService,
    private readonly calibration: PeerReviewCalibrationService,
    private readonly responder: PageResponder,
  ) {}

  @Get('calibrate')
  async page(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const participant = await loadForSignedIn(request, reply, () =>
      this.reviews.participant(request.viewer, institute, cohortId),
    );
    if (!participant) return reply;
    const chosen = (request.query as Record<string, string | undefined>).example ?? null;
    return this.renderPage(request, reply, participant, chosen, [], [], 200);
  }

  @Post('calibrate/:exampleId')
  async submit(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Param('exampleId') exampleId: string,
    @Body() body: FormBody,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const participant = await this.reviews.participant(request.viewer, institute, cohortId);
    const result = await this.calibration.submitAttempt(calibratorOf(participant), exampleId, formFields(body));
    if (result.attemptId === null)
      return this.renderPage(request, reply, participant, exampleId, result.levels, result.problems, 422);
    return reply.redirect(`${participantPeerReviewPath(participant)}/calibrate/attempts/${result.attemptId}`, 303);
  }

  @Get('calibrate/attempts/:attemptId')
  async result(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Param('attemptId') attemptId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const participant = await loadForSignedIn(request, reply, () =>
      this.reviews.participant(request.viewer, institute, cohortId),
    );
    if (!participant) return reply;
    const calibrator = calibratorOf(participant);
    const { attempt, example, closeness, status } = await this.calibration.result(calibrator, attemptId);
    const base = participantPeerReviewPath(participant);
    const rows = calibrator.rubric.map((criterion) => {
      const row = closeness.criteria.find((entry) => entry.criterionId === criterion.id)!;
      const reference = example.reference.find((entry) => entry.criterionId === criterion.id);
      return {
        title: criterion.title,
        yours: criterion.levels[row.levelIndex].label,
        reference: criterion.levels[row.referenceIndex].label,
        difference: row.difference,
        explanation: reference?.explanation ?? '',
        comment: attempt.levels.find((entry) => entry.criterionId === criterion.id)?.comment ?? '',
      };
    });
    return renderParticipantPeerReviewPage(
      this.responder,
      request,
      reply,
      participant,
      'peer-review-calibration-result',
      this.responder.t(request, 'peerReview.nav.calibrationResult'),
      {
        exampleTitle: example.title,
        at: formatInTimeZone(
          attempt.createdAt,
          participant.context.access.cohort.timeZone,
          this.responder.localeOf(request),
        ),
        rows,
        closeness: levelsFigure(attempt.closeness),
        tolerance: levelsFigure(attempt.tolerance),
        within: attempt.withinTolerance,
        recorded: attempt.mode === 'recorded',
        done: status.state !== 'pending',
        retryHref: example.retiredAt === null ? `${base}/calibrate?example=${example.id}` : `${base}/calibrate`,
        calibrateHref: `${base}/calibrate`,
        reviewsHref: `${base}/reviews`,
      },
    );
  }

  private async renderPage(
    request: FastifyRequest,
    reply: FastifyReply,
    participant: ParticipantPeerReview,
    chosenExampleId: string | null,
    levels: CalibrationLevel[],
    problems: string[],
    status: number,
  ) {
    const calibrator = calibratorOf(participant);
    const overview = await this.calibration.overview(calibrator, chosenExampleId);
    const base = participantPeerReviewPath(participant);
    const { settings } = participant;
    const zone = participant.context.access.cohort.timeZone;
    const state = overview.status.state;
    return renderParticipantPeerReviewPage(
      this.responder,
      request,
      reply,
      participant,
      'peer-review-calibrate',
      this.responder.t(request, 'peerReview.nav.calibration'),
      {
        off: state === 'off',
        noExamples: state === 'no-examples',
        gated: state === 'pending' || state === 'done',
        done: state === 'done',
        recordedMode: settings.calibration === 'recorded',
        tolerance: levelsFigure(settings.calibrationTolerance),
        required: overview.status.required,
        counted: Math.min(overview.status.counted, overview.status.required),
        example: overview.example && {
          title: overview.example.title,
          paragraphs: planParagraphs(overview.example.planText),
          action: `${base}/calibrate/${overview.example.id}`,
        },
        criteria: calibrationForm(calibrator.rubric, levels),
        problems,
        others: overview.active
          .filter((entry) => entry.id !== overview.example?.id)
          .map((entry) => ({ title: entry.title, href: `${base}/calibrate?example=${entry.id}` })),
        attempts: overview.attempts.map((attempt) => ({
          at: formatInTimeZone(attempt.createdAt, zone, this.responder.localeOf(request)),
          exampleTitle: attempt.exampleTitle,
          closeness: levelsFigure(attempt.closeness),
          within: attempt.withinTolerance,
          href: `${base}/calibrate/attempts/${attempt.id}`,
        })),
        reviewsHref: `${base}/reviews`,
      },
      status,
    );
  }
}
