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
import {
  levelsFigure,
  planParagraphs,
  type CalibrationExampleDraft,
  type CalibrationState,
} from './domain/calibration.js';
import type { PeerReviewCalibrationMode } from './domain/peer-review-settings.js';
import { PeerReviewCalibrationStaffService } from './peer-review-calibration-staff.service.js';
import { peerReviewPath } from './peer-review-staff.controller.js';

type FormBody = Record<string, unknown>;

const MODE_WORDS: Record<PeerReviewCalibrationMode, string> = {
  required: 'required: participants must be within the tolerance before they review',
  recorded: 'recorded: participants calibrate once, and go on whatever their result',
  off: 'off: participants go straight to their reviews',
};

function stateWords(state: CalibrationState, attempts: number, mode: PeerReviewCalibrationMode): string {
  switch (state) {
    case 'off':
    case 'no-examples':
      return 'not needed';
    case 'done':
      return mode === 'recorded' ? 'done (recorded)' : 'passed';
    case 'pending':
      return attempts > 0 ? 'not passed yet' : 'not started';
  }
}

/** Trainers and admins: a cohort's calibration examples (create, retire) and where each participant stands. */
@ApiExcludeController()
@Controller('i/:institute/cohorts/:cohortId/peer-review/calibration')
export class PeerReviewCalibrationStaffController {
  constructor(
    private readonly contexts: CapstoneContextService,
    private readonly staff: PeerReviewCalibrationStaffService,
    private readonly responder: PageResponder,
  ) {}

  @Get()
  async page(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const access = await loadForSignedIn(request, reply, () =>
      this.contexts.staffAccess(request.viewer, institute, cohortId),
    );
    if (!access) return reply;
    const query = request.query as Record<string, string | undefined>;
    const notice =
      query.created !== undefined ? 'Example created.' : query.retired !== undefined ? 'Example retired.' : null;
    return this.renderPage(request, reply, access, null, [], notice, 200);
  }

  @Post('examples')
  async create(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Body() body: FormBody,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const access = await this.contexts.staffAccess(request.viewer, institute, cohortId);
    const result = await this.staff.createExample(access, request.viewer!.userId, formFields(body));
    if (result.exampleId === null)
      return this.renderPage(request, reply, access, result.draft, result.problems, null, 422);
    return reply.redirect(`${peerReviewPath(access)}/calibration?created=1`, 303);
  }

  @Get('examples/:exampleId')
  async example(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Param('exampleId') exampleId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const access = await loadForSignedIn(request, reply, () =>
      this.contexts.staffAccess(request.viewer, institute, cohortId),
    );
    if (!access) return reply;
    const [example, rubric] = await Promise.all([this.staff.example(access, exampleId), this.staff.rubric(access)]);
    const base = `${peerReviewPath(access)}/calibration`;
    return this.render(
      request,
      reply,
      access,
      'peer-review-calibration-example',
      this.responder.t(request, 'peerReview.nav.example', { title: example.title }),
      {
        title: example.title,
        createdAt: formatInTimeZone(example.createdAt, access.cohort.timeZone, this.responder.localeOf(request)),
        retiredAt: example.retiredAt
          ? formatInTimeZone(example.retiredAt, access.cohort.timeZone, this.responder.localeOf(request))
          : null,
        paragraphs: planParagraphs(example.planText),
        reference: rubric.map((criterion) => {
          const entry = example.reference.find((row) => row.criterionId === criterion.id);
          return {
            title: criterion.title,
            level: criterion.levels.find((level) => level.id === entry?.levelId)?.label ?? '—',
            explanation: entry?.explanation ?? '',
          };
        }),
        retireHref: `${base}/examples/${example.id}/retire`,
        backHref: base,
      },
    );
  }

  @Post('examples/:exampleId/retire')
  async retire(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Param('exampleId') exampleId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const access = await this.contexts.staffAccess(request.viewer, institute, cohortId);
    await this.staff.retireExample(access, request.viewer!.userId, exampleId);
    return reply.redirect(`${peerReviewPath(access)}/calibration?retired=1`, 303);
  }

  private async renderPage(
    request: FastifyRequest,
    reply: FastifyReply,
    access: CohortAccess,
    draft: CalibrationExampleDraft | null,
    problems: string[],
    notice: string | null,
    status: number,
  ) {
    const page = await this.staff.page(access);
    const zone = access.cohort.timeZone;
    const base = `${peerReviewPath(access)}/calibration`;
    const { settings } = page;
    return this.render(
      request,
      reply,
      access,
      'peer-review-calibration-staff',
      this.responder.t(request, 'peerReview.nav.calibration'),
      {
        notice,
        mode: MODE_WORDS[settings.calibration],
        off: settings.calibration === 'off',
        skipped: settings.calibration !== 'off' && page.activeCount === 0,
        tolerance: levelsFigure(settings.calibrationTolerance),
        examplesRequired: settings.calibrationExamples,
        activeCount: page.activeCount,
        settingsHref: peerReviewPath(access),
        examples: page.examples.map((example) => ({
          title: example.title,
          href: `${base}/examples/${example.id}`,
          createdAt: formatInTimeZone(example.createdAt, zone, this.responder.localeOf(request)),
          retiredAt: example.retiredAt
            ? formatInTimeZone(example.retiredAt, zone, this.responder.localeOf(request))
            : null,
          attempts: example.attempts,
          participants: example.participants,
          retireHref: `${base}/examples/${example.id}/retire`,
        })),
        participants: page.participants.map((participant) => ({
          name: participant.name,
          status: stateWords(participant.state, participant.attempts, settings.calibration),
          attempts: participant.attempts,
          lastCloseness: participant.lastCloseness === null ? '—' : levelsFigure(participant.lastCloseness),
          lastAt: participant.lastAt
            ? formatInTimeZone(participant.lastAt, zone, this.responder.localeOf(request))
            : '—',
        })),
        problems,
        form: {
          action: `${base}/examples`,
          title: draft?.title ?? '',
          planText: draft?.planText ?? '',
          criteria: page.rubric.map((criterion) => {
            const entry = draft?.reference.find((row) => row.criterionId === criterion.id);
            return {
              id: criterion.id,
              title: criterion.title,
              explanation: entry?.explanation ?? '',
              levels: criterion.levels.map((level) => ({ ...level, checked: entry?.levelId === level.id })),
            };
          }),
        },
      },
      status,
    );
  }

  private render(
    request: FastifyRequest,
    reply: FastifyReply,
    access: CohortAccess,
    view: string,
    heading: string,
    model: object,
    status = 200,
  ) {
    const cohort = cohortPath(access.institute.slug, access.cohort.id);
    return this.responder.render(
      request,
      reply,
      view,
      {
        title: `${heading} · ${access.cohort.title}`,
        trail: [
          { href: '/learn', label: this.responder.t(request, 'cohorts.learn.title') },
          { href: cohort, label: access.cohort.title },
          { href: peerReviewPath(access), label: this.responder.t(request, 'peerReview.nav.reviews') },
        ],
      },
      { ...model, csrfToken: reply.generateCsrf() },
      status,
    );
  }
}
