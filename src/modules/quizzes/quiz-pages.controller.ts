import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PageResponder } from '../../common/http/page-responder.js';
import { loadForSignedIn } from '../../common/http/signed-in-page.js';
import { StableIdPipe } from '../../common/http/route-params.pipes.js';
import { cohortPath } from '../cohorts/learning.service.js';
import {
  attemptPageModel,
  quizOverviewModel,
  quizPath,
  reviewPageModel,
  summaryPageModel,
} from './quiz-page-models.js';
import { QuizAttemptsService, type QuizContext } from './quiz-attempts.service.js';

type FormBody = Record<string, unknown>;

/** The participant's quiz pages: one question per page and one form each, so they work without JavaScript. */
@ApiExcludeController()
@Controller('i/:institute/cohorts/:cohortId/modules/:moduleId/quiz')
export class QuizPagesController {
  constructor(
    private readonly quizzes: QuizAttemptsService,
    private readonly responder: PageResponder,
  ) {}

  @Get()
  async overview(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Param('moduleId', StableIdPipe) moduleId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const context = await this.context(request, reply, institute, cohortId, moduleId);
    if (!context) return reply;
    const overview = await this.quizzes.overview(context);
    return this.render(request, reply, context, 'quiz', this.responder.t(request, 'quizzes.nav.pageQuiz'), {
      ...quizOverviewModel(context, overview),
      csrfToken: reply.generateCsrf(),
    });
  }

  @Post('start')
  async start(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Param('moduleId', StableIdPipe) moduleId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const context = await this.quizzes.quizContext(request.viewer, institute, cohortId, moduleId);
    const { attempt } = await this.quizzes.start(context);
    return reply.redirect(`${quizPath(context)}/attempts/${attempt.id}`, 303);
  }

  @Get('attempts/:attemptId')
  async attempt(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Param('moduleId', StableIdPipe) moduleId: string,
    @Param('attemptId') attemptId: string,
    @Query('q') questionNumber: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const context = await this.context(request, reply, institute, cohortId, moduleId);
    if (!context) return reply;
    if (!context.access.enrolment) return reply.redirect(`${quizPath(context)}/attempts/${attemptId}/review`, 303);
    const view = await this.quizzes.attemptForOwner(context, attemptId);
    if ('revealed' in view) return reply.redirect(`${quizPath(context)}/attempts/${attemptId}/review`, 303);
    const model = attemptPageModel(context, view, Number(questionNumber ?? '1'));
    return this.render(
      request,
      reply,
      context,
      'quiz-attempt',
      this.responder.t(request, 'quizzes.nav.pageQuestion', { number: model.current.number, count: model.count }),
      { ...model, csrfToken: reply.generateCsrf() },
      'quiz-autosave',
    );
  }

  /** Saves the answer on the page, then goes where the pressed button says; a script gets JSON instead. */
  @Post('attempts/:attemptId/answer')
  async answer(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Param('moduleId', StableIdPipe) moduleId: string,
    @Param('attemptId') attemptId: string,
    @Body() body: FormBody,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const context = await this.quizzes.moduleContext(request.viewer, institute, cohortId, moduleId);
    const questionKey = typeof body.question === 'string' ? body.question : '';
    const { attempt, savedAt } = await this.quizzes.answerFromForm(context, attemptId, questionKey, body);
    if (String(request.headers.accept ?? '').includes('application/json'))
      return reply.code(200).send({ saved: true, savedAt: savedAt.toISOString() });
    const index = attempt.questionKeys.indexOf(questionKey);
    const go = typeof body.go === 'string' ? body.go : 'next';
    const base = `${quizPath(context)}/attempts/${attempt.id}`;
    if (go === 'summary' || (go === 'next' && index === attempt.questionKeys.length - 1))
      return reply.redirect(`${base}/summary`, 303);
    const target = /^\d+$/.test(go) ? Number(go) : go === 'previous' ? index : go === 'stay' ? index + 1 : index + 2;
    return reply.redirect(`${base}?q=${Math.min(Math.max(target, 1), attempt.questionKeys.length)}`, 303);
  }

  @Get('attempts/:attemptId/summary')
  async summary(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Param('moduleId', StableIdPipe) moduleId: string,
    @Param('attemptId') attemptId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const context = await this.context(request, reply, institute, cohortId, moduleId);
    if (!context) return reply;
    const view = await this.quizzes.attemptForOwner(context, attemptId);
    if ('revealed' in view) return reply.redirect(`${quizPath(context)}/attempts/${attemptId}/review`, 303);
    return this.render(request, reply, context, 'quiz-summary', this.responder.t(request, 'quizzes.nav.pageSummary'), {
      ...summaryPageModel(context, view),
      csrfToken: reply.generateCsrf(),
    });
  }

  @Post('attempts/:attemptId/submit')
  async submit(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Param('moduleId', StableIdPipe) moduleId: string,
    @Param('attemptId') attemptId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const context = await this.quizzes.moduleContext(request.viewer, institute, cohortId, moduleId);
    await this.quizzes.submit(context, attemptId);
    return reply.redirect(`${quizPath(context)}/attempts/${attemptId}/review`, 303);
  }

  @Get('attempts/:attemptId/review')
  async review(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Param('moduleId', StableIdPipe) moduleId: string,
    @Param('attemptId') attemptId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const context = await this.context(request, reply, institute, cohortId, moduleId);
    if (!context) return reply;
    const review = await this.quizzes.readAttempt(context, attemptId);
    if (!('revealed' in review)) return reply.redirect(`${quizPath(context)}/attempts/${attemptId}`, 303);
    return this.render(
      request,
      reply,
      context,
      'quiz-review',
      this.responder.t(request, 'quizzes.nav.pageReview', { number: review.attempt.number }),
      reviewPageModel(context, review),
    );
  }

  private render(
    request: FastifyRequest,
    reply: FastifyReply,
    context: QuizContext,
    view: string,
    heading: string,
    model: object,
    script?: string,
  ) {
    const base = cohortPath(context.access.institute.slug, context.access.cohort.id);
    return this.responder.render(
      request,
      reply,
      view,
      {
        title: `${heading} · ${context.module.title}`,
        script,
        trail: [
          { href: '/learn', label: this.responder.t(request, 'cohorts.learn.title') },
          { href: base, label: context.access.cohort.title },
          {
            href: `${base}/modules/${context.module.id}`,
            label: this.responder.t(request, 'quizzes.nav.module', { number: context.module.number }),
          },
          { href: quizPath(context), label: this.responder.t(request, 'quizzes.nav.quiz') },
        ],
      },
      model,
    );
  }

  /** The quiz for a page; someone not signed in is sent to log in (null: the reply is already sent). */
  private context(
    request: FastifyRequest,
    reply: FastifyReply,
    institute: string,
    cohortId: string,
    moduleId: string,
  ): Promise<QuizContext | null> {
    return loadForSignedIn(request, reply, () =>
      this.quizzes.quizContext(request.viewer, institute, cohortId, moduleId),
    );
  }
}
