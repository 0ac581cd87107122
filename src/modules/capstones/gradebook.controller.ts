import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PageResponder } from '../../common/http/page-responder.js';
import { StableIdPipe } from '../../common/http/route-params.pipes.js';
import { loadForSignedIn } from '../../common/http/signed-in-page.js';
import { formatInTimeZone } from '../cohorts/domain/cohort-schedule.js';
import { cohortPath } from '../cohorts/learning.service.js';
import { releasedCriteria } from './capstone-grading-page-models.js';
import { CapstoneGradingService } from './capstone-grading.service.js';
import { gradebookCsv } from './domain/gradebook-csv.js';
import { GradebookService } from './gradebook.service.js';

/** Catalogue keys of the capstone's state in the gradebook. */
const STATE_LABELS = {
  'not-submitted': 'capstones.gradebook.state.notSubmitted',
  'not-graded': 'capstones.gradebook.state.notGraded',
  draft: 'capstones.gradebook.state.draft',
  unreleased: 'capstones.gradebook.state.unreleased',
  released: 'capstones.gradebook.state.released',
} as const;

/** The cohort gradebook (staff) with its CSV export, and each participant's own grades page. */
@ApiExcludeController()
@Controller('i/:institute/cohorts/:cohortId')
export class GradebookController {
  constructor(
    private readonly gradebook: GradebookService,
    private readonly grading: CapstoneGradingService,
    private readonly responder: PageResponder,
  ) {}

  @Get('gradebook')
  async gradebookPage(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const access = await loadForSignedIn(request, reply, () =>
      this.grading.staffAccess(request.viewer, institute, cohortId),
    );
    if (!access) return reply;
    const book = await this.gradebook.cohortGradebook(access);
    const base = cohortPath(access.institute.slug, access.cohort.id);
    return this.responder.render(
      request,
      reply,
      'gradebook',
      {
        title: this.responder.t(request, 'capstones.nav.gradebook', { cohort: access.cohort.title }),
        trail: [
          { href: '/learn', label: this.responder.t(request, 'cohorts.learn.title') },
          { href: base, label: access.cohort.title },
        ],
      },
      {
        cohortTitle: access.cohort.title,
        weights: book.weights,
        showPeerReview: book.weights.peerReview > 0,
        csvHref: `${base}/gradebook.csv`,
        gradingHref: `${base}/capstone/grading`,
        modules: book.quizModules.map((module) => ({ id: module.id, number: module.number, title: module.title })),
        rows: book.rows.map((row) => ({
          ...row,
          capstoneStateLabel: STATE_LABELS[row.capstoneState],
          hasQuizMean: row.quizMean !== null,
          hasCapstone: row.capstonePercent !== null,
          hasUnreleased: row.unreleasedPercent !== null,
          hasPeerReview: row.peerReviewPercent !== null,
          complete: row.status !== 'incomplete',
          passed: row.status === 'passed',
          failed: row.status === 'failed',
        })),
      },
    );
  }

  @Get('gradebook.csv')
  async gradebookCsv(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const access = await this.grading.staffAccess(request.viewer, institute, cohortId);
    const book = await this.gradebook.cohortGradebook(access);
    const csv = gradebookCsv(
      book.quizModules.map((module) => module.id),
      book.rows,
    );
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('cache-control', 'private, no-store')
      .header('content-disposition', `attachment; filename="gradebook-${access.cohort.id}.csv"`)
      .send(csv);
  }

  @Get('grades')
  async ownGrades(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const grades = await loadForSignedIn(request, reply, () =>
      this.gradebook.ownGrades(request.viewer, institute, cohortId),
    );
    if (!grades) return reply;
    const { access, capstone } = grades;
    const base = cohortPath(access.institute.slug, access.cohort.id);
    const released = capstone.released;
    return this.responder.render(
      request,
      reply,
      'capstone-own-grades',
      {
        title: this.responder.t(request, 'capstones.nav.grades', { cohort: access.cohort.title }),
        trail: [
          { href: '/learn', label: this.responder.t(request, 'cohorts.learn.title') },
          { href: base, label: access.cohort.title },
        ],
      },
      {
        cohortTitle: access.cohort.title,
        weights: grades.weights,
        quizzes: grades.quizzes.map((quiz) => ({ ...quiz, attempted: quiz.percent !== null })),
        quizMean: grades.quizMean ?? 0,
        capstone: {
          notSubmitted: capstone.state === 'not-submitted',
          awaiting: capstone.state === 'awaiting-grade',
          unreleased: capstone.state === 'graded-unreleased',
          version: capstone.version,
          submittedAt: capstone.submittedAt
            ? formatInTimeZone(capstone.submittedAt, access.cohort.timeZone, this.responder.localeOf(request))
            : null,
          released: released && {
            version: released.version,
            percent: released.percent,
            overallFeedback: released.overallFeedback,
            criteria: releasedCriteria(grades.definition, released.criteria),
          },
        },
        finalPercent: grades.finalPercent,
        complete: grades.status !== 'incomplete',
        passed: grades.status === 'passed',
        failed: grades.status === 'failed',
      },
    );
  }
}
