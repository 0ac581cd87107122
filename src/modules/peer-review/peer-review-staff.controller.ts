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
import type { PeerReviewWindowState } from './domain/peer-review-settings.js';
import { peerReviewWindow } from './domain/peer-review-settings.js';
import type { PeerScoreState } from './domain/stalls.js';
import { PeerReviewCalibrationStaffService } from './peer-review-calibration-staff.service.js';
import { PeerReviewStaffService } from './peer-review-staff.service.js';

type FormBody = Record<string, unknown>;

export function peerReviewPath(access: CohortAccess): string {
  return `${cohortPath(access.institute.slug, access.cohort.id)}/peer-review`;
}

/** Trainers and admins: coverage of a cohort's peer review, the allocation button and the cohort's settings. */
@ApiExcludeController()
@Controller('i/:institute/cohorts/:cohortId/peer-review')
export class PeerReviewStaffController {
  constructor(
    private readonly contexts: CapstoneContextService,
    private readonly staff: PeerReviewStaffService,
    private readonly responder: PageResponder,
    private readonly calibration: PeerReviewCalibrationStaffService,
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
    const [coverage, calibration] = await Promise.all([this.staff.coverage(access), this.calibration.summary(access)]);
    const zone = access.cohort.timeZone;
    const t = (key: string, values?: Record<string, string | number>) => this.responder.t(request, key, values);
    const window = peerReviewWindow(access.cohort.schedule, new Date());
    const query = request.query as Record<string, string | undefined>;
    const { settings, override } = coverage;
    const base = peerReviewPath(access);
    return this.responder.render(
      request,
      reply,
      'peer-review-staff',
      {
        title: this.responder.t(request, 'peerReview.nav.staff', { cohort: access.cohort.title }),
        trail: [
          { href: '/learn', label: this.responder.t(request, 'cohorts.learn.title') },
          { href: cohortPath(access.institute.slug, access.cohort.id), label: access.cohort.title },
        ],
      },
      {
        opensAt: formatInTimeZone(window.opensAt, zone, this.responder.localeOf(request)),
        closesAt: formatInTimeZone(window.closesAt, zone, this.responder.localeOf(request)),
        state: t(WINDOW_WORDS[window.state]),
        k: settings.reviewsPerSubmission,
        allocated: coverage.allocated,
        lastRun:
          query.added === undefined
            ? null
            : { added: query.added, short: query.short ?? '0', replaced: query.replaced ?? '0' },
        submissions: coverage.submissions.map((row) => ({
          ...row,
          // Before the first allocation every plan lacks reviewers: that is not news.
          short: coverage.allocated && row.missing > 0,
          score:
            row.scoreState === 'waiting' && row.scoreFrom
              ? t('peerReview.staffWords.scoreWaitingFrom', {
                  when: formatInTimeZone(row.scoreFrom, zone, this.responder.localeOf(request)),
                })
              : t(SCORE_WORDS[row.scoreState]),
          needsTrainer: row.scoreState === 'needs-trainer',
        })),
        shortCount: coverage.allocated ? coverage.submissions.filter((row) => row.missing > 0).length : 0,
        needsTrainerCount: coverage.submissions.filter((row) => row.scoreState === 'needs-trainer').length,
        reviewers: coverage.reviewers,
        calibration: {
          href: `${base}/calibration`,
          activeCount: calibration.activeCount,
          skipped: settings.calibration !== 'off' && calibration.activeCount === 0,
        },
        settings: {
          calibrationTolerance: override?.calibrationTolerance ?? '',
          calibrationExamples: override?.calibrationExamples ?? '',
          calibration: [
            {
              value: '',
              label: t('peerReview.staffWords.asCourseValue', {
                value: t(`peerReview.staffWords.calibration.${settings.calibration}`),
              }),
              selected: override?.calibration === undefined,
            },
            ...(['required', 'recorded', 'off'] as const).map((value) => ({
              value,
              label: t(`peerReview.staffWords.calibration.${value}`),
              selected: override?.calibration === value,
            })),
          ],
          reviewsPerSubmission: override?.reviewsPerSubmission ?? '',
          reviewsPerReviewer: override?.reviewsPerReviewer ?? '',
          stallHours: override?.stallHours ?? '',
          scoreShortAfterHours: override?.scoreShortAfterHours ?? '',
          minCommentLength: override?.minCommentLength ?? '',
          reviewerGradeShare: override?.reviewerGradeShare ?? '',
          gradebookWeight: override?.gradebookWeight ?? '',
          courseGradebookWeight: coverage.courseGradebookWeight,
          anonymity: [
            {
              value: '',
              label: t('peerReview.staffWords.asCourseValue', {
                value: t(`peerReview.staffWords.anonymity.${camelCase(settings.anonymity)}`),
              }),
              selected: override?.anonymity === undefined,
            },
            ...(['double-blind', 'single-blind', 'open'] as const).map((value) => ({
              value,
              label: t(`peerReview.staffWords.anonymity.${camelCase(value)}`),
              selected: override?.anonymity === value,
            })),
          ],
          separate: [
            {
              value: '',
              label: t('peerReview.staffWords.asCourse'),
              selected: override?.separateOrganizations === undefined,
            },
            { value: 'yes', label: t('capstones.ownGrades.yes'), selected: override?.separateOrganizations === true },
            { value: 'no', label: t('capstones.ownGrades.no'), selected: override?.separateOrganizations === false },
          ],
          rubric: [
            {
              value: '',
              label: t('peerReview.staffWords.asCourseValue', { value: t(RUBRIC_WORDS[settings.rubric]) }),
              selected: override?.rubric === undefined,
            },
            { value: 'capstone', label: t(RUBRIC_WORDS.capstone), selected: override?.rubric === 'capstone' },
            { value: 'own', label: t(RUBRIC_WORDS.own), selected: override?.rubric === 'own' },
          ],
          resolved: settings,
        },
        allocateHref: `${base}/allocate`,
        settingsHref: `${base}/settings`,
        moderationHref: `${base}/moderation`,
        csrfToken: reply.generateCsrf(),
      },
    );
  }

  @Post('allocate')
  async allocate(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const access = await this.contexts.staffAccess(request.viewer, institute, cohortId);
    const run = await this.staff.allocate(access, request.viewer!.userId);
    const short = run.shortfall.reduce((sum, entry) => sum + entry.missing, 0);
    return reply.redirect(
      `${peerReviewPath(access)}?added=${run.added}&short=${short}&replaced=${run.replaced.length}`,
      303,
    );
  }

  @Post('settings')
  async settings(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Body() body: FormBody,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const access = await this.contexts.staffAccess(request.viewer, institute, cohortId);
    await this.staff.saveSettings(access, request.viewer!.userId, formFields(body));
    return reply.redirect(peerReviewPath(access), 303);
  }
}

// Catalogue keys (`peerReview.staffWords.*`) of the words the staff page uses for states and choices.
const RUBRIC_WORDS = {
  capstone: 'peerReview.staffWords.rubricCapstone',
  own: 'peerReview.staffWords.rubricOwn',
} as const;

const SCORE_WORDS: Record<PeerScoreState, string> = {
  complete: 'peerReview.staffWords.scoreComplete',
  'scored-short': 'peerReview.staffWords.scoreShort',
  waiting: 'peerReview.staffWords.scoreWaiting',
  'needs-trainer': 'peerReview.staffWords.scoreNeedsTrainer',
  trainer: 'peerReview.staffWords.scoreTrainer',
};

const WINDOW_WORDS: Record<PeerReviewWindowState, string> = {
  'not-open': 'peerReview.staffWords.windowNotOpen',
  open: 'peerReview.staffWords.windowOpen',
  closed: 'peerReview.staffWords.windowClosed',
};

/** `double-blind` → `doubleBlind`: catalogue keys are identifiers. */
function camelCase(value: string): string {
  return value.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}
