import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PageResponder } from '../../common/http/page-responder.js';
import { loadForSignedIn } from '../../common/http/signed-in-page.js';
import { StableIdPipe, UuidPipe } from '../../common/http/route-params.pipes.js';
import { cohortPath } from '../cohorts/learning.service.js';
import { ItemAnalysisService, ATTEMPT_FILTERS, type AttemptFilter } from './item-analysis.service.js';
import { quizPath, settingsInWords } from './quiz-page-models.js';
import type { QuizContext } from './quiz-attempts.service.js';
import { QuizTrainerService } from './quiz-trainer.service.js';

type FormBody = Record<string, unknown>;
const text = (body: FormBody, name: string) => (typeof body[name] === 'string' ? body[name] : '');

/** Trainers' and admins' pages for a cohort's quizzes. */
@ApiExcludeController()
@Controller('i/:institute/cohorts/:cohortId/quizzes')
export class QuizTrainerController {
  constructor(
    private readonly trainer: QuizTrainerService,
    private readonly analysis: ItemAnalysisService,
    private readonly responder: PageResponder,
  ) {}

  @Get()
  async cohortQuizzes(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const model = await loadForSignedIn(request, reply, () =>
      this.trainer.cohortQuizzes(request.viewer, institute, cohortId),
    );
    if (!model) return reply;
    const base = cohortPath(model.access.institute.slug, model.access.cohort.id);
    return this.responder.render(
      request,
      reply,
      'quiz-cohort',
      {
        title: this.responder.t(request, 'quizzes.nav.cohortQuizzes', { cohort: model.access.cohort.title }),
        trail: [
          { href: '/learn', label: this.responder.t(request, 'cohorts.learn.title') },
          { href: base, label: model.access.cohort.title },
        ],
      },
      {
        cohortTitle: model.access.cohort.title,
        participants: model.participants,
        quizzes: model.quizzes.map((quiz) => ({
          number: quiz.module.number,
          title: quiz.module.title,
          href: `${base}/quizzes/${quiz.module.id}`,
          changedForCohort: quiz.changedForCohort,
          people: quiz.people,
          submitted: quiz.submitted,
          inProgress: quiz.inProgress,
          meanPercent: quiz.meanPercent,
        })),
      },
    );
  }

  @Get(':moduleId')
  async quiz(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Param('moduleId', StableIdPipe) moduleId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const context = await loadForSignedIn(request, reply, () =>
      this.trainer.staffContext(request.viewer, institute, cohortId, moduleId),
    );
    if (!context) return reply;
    const detail = await this.trainer.quizDetail(context);
    const base = this.base(context);
    const settings = context.settings;
    const own = detail.cohortSettings;
    return this.render(request, reply, context, 'quiz-trainer', this.responder.t(request, 'quizzes.nav.pageAttempts'), {
      base,
      moduleTitle: context.module.title,
      quizHref: quizPath(context),
      analysisHref: `${base}/analysis`,
      rules: settingsInWords(settings, context.module.quiz?.questionCount ?? 0),
      csrfToken: reply.generateCsrf(),
      form: {
        passMark: own.passMark ?? '',
        attemptsAllowed: own.attemptsAllowed === null ? 'unlimited' : (own.attemptsAllowed ?? ''),
        timeLimitMinutes: own.timeLimitMinutes === null ? 'none' : (own.timeLimitMinutes ?? ''),
        drawCount: own.drawCount === null ? 'none' : (own.drawCount ?? ''),
        grading: own.grading ?? '',
        showAnswers: own.showAnswers ?? '',
        shuffleQuestions: own.shuffleQuestions === undefined ? '' : own.shuffleQuestions ? 'yes' : 'no',
        shuffleOptions: own.shuffleOptions === undefined ? '' : own.shuffleOptions ? 'yes' : 'no',
      },
      people: detail.people.map((person) => ({
        userId: person.userId,
        fullName: person.fullName,
        email: person.email,
        grade: person.standing.grade,
        passed: person.standing.passed,
        overridden: person.standing.overridden,
        attemptsGrade: person.standing.attemptsGrade,
        overrideReason: person.override?.reason ?? null,
        extraAttempts: person.accommodation.extraAttempts,
        extraMinutes: person.accommodation.extraMinutes,
        overrideAction: `${base}/people/${person.userId}/override`,
        accommodationAction: `${base}/people/${person.userId}/accommodation`,
        attempts: person.attempts.map((attempt) => ({
          number: attempt.number,
          href: `${quizPath(context)}/attempts/${attempt.id}/review`,
          inProgress: attempt.status === 'in-progress',
          percent: attempt.percent,
          startedAt: attempt.startedAt,
          closedByDeadline: attempt.closedBy === 'deadline',
        })),
      })),
    });
  }

  @Post(':moduleId/settings')
  async saveSettings(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Param('moduleId', StableIdPipe) moduleId: string,
    @Body() body: FormBody,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const context = await this.trainer.staffContext(request.viewer, institute, cohortId, moduleId);
    await this.trainer.saveSettings(context, request.viewer!, body);
    return reply.redirect(`${this.base(context)}#settings`, 303);
  }

  @Post(':moduleId/people/:userId/override')
  async override(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Param('moduleId', StableIdPipe) moduleId: string,
    @Param('userId', UuidPipe) userId: string,
    @Body() body: FormBody,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const context = await this.trainer.staffContext(request.viewer, institute, cohortId, moduleId);
    await this.trainer.overrideGrade(context, request.viewer!, userId, text(body, 'percent'), text(body, 'reason'));
    return reply.redirect(`${this.base(context)}#person-${userId}`, 303);
  }

  @Post(':moduleId/people/:userId/accommodation')
  async accommodate(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Param('moduleId', StableIdPipe) moduleId: string,
    @Param('userId', UuidPipe) userId: string,
    @Body() body: FormBody,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const context = await this.trainer.staffContext(request.viewer, institute, cohortId, moduleId);
    await this.trainer.accommodate(
      context,
      request.viewer!,
      userId,
      text(body, 'extraAttempts'),
      text(body, 'extraMinutes'),
      text(body, 'reason'),
    );
    return reply.redirect(`${this.base(context)}#person-${userId}`, 303);
  }

  @Get(':moduleId/analysis')
  async itemAnalysis(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Param('moduleId', StableIdPipe) moduleId: string,
    @Query('attempts') attempts: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const context = await loadForSignedIn(request, reply, () =>
      this.trainer.staffContext(request.viewer, institute, cohortId, moduleId),
    );
    if (!context) return reply;
    const filter = readFilter(attempts);
    const report = await this.analysis.report(context, filter);
    return this.render(
      request,
      reply,
      context,
      'quiz-analysis',
      this.responder.t(request, 'quizzes.nav.pageAnalysis'),
      {
        ...report,
        filters: ATTEMPT_FILTERS.map((value) => ({ value, selected: value === filter })),
        csvHref: `${this.base(context)}/analysis.csv?attempts=${filter}`,
        action: `${this.base(context)}/analysis`,
      },
    );
  }

  @Get(':moduleId/analysis.csv')
  async itemAnalysisCsv(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Param('moduleId', StableIdPipe) moduleId: string,
    @Query('attempts') attempts: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const context = await this.trainer.staffContext(request.viewer, institute, cohortId, moduleId);
    const filter = readFilter(attempts);
    const csv = await this.analysis.csv(context, filter);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('cache-control', 'private, no-store')
      .header('content-disposition', `attachment; filename="item-analysis-${context.module.id}-${filter}.csv"`)
      .send(csv);
  }

  private base(context: QuizContext): string {
    return `${cohortPath(context.access.institute.slug, context.access.cohort.id)}/quizzes/${context.module.id}`;
  }

  private render(
    request: FastifyRequest,
    reply: FastifyReply,
    context: QuizContext,
    view: string,
    heading: string,
    model: object,
  ) {
    const cohortBase = cohortPath(context.access.institute.slug, context.access.cohort.id);
    return this.responder.render(
      request,
      reply,
      view,
      {
        title: `${heading} · ${context.module.title}`,
        trail: [
          { href: '/learn', label: this.responder.t(request, 'cohorts.learn.title') },
          { href: cohortBase, label: context.access.cohort.title },
          { href: `${cohortBase}/quizzes`, label: this.responder.t(request, 'quizzes.nav.quizzes') },
        ],
      },
      model,
    );
  }
}

function readFilter(value: string | undefined): AttemptFilter {
  return ATTEMPT_FILTERS.includes(value as AttemptFilter) ? (value as AttemptFilter) : 'graded';
}
