import { Body, Controller, Get, HttpCode, Param, Post, Put, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { StableIdPipe } from '../../common/http/route-params.pipes.js';
import type { AttemptRecord } from './quiz-attempts.repository.js';
import { QuizAttemptsService } from './quiz-attempts.service.js';

/** Only what a client may know of an attempt: never the questions' answers (those are in `review`). */
function attemptJson(attempt: AttemptRecord) {
  return {
    id: attempt.id,
    number: attempt.number,
    status: attempt.status,
    startedAt: attempt.startedAt,
    deadlineAt: attempt.deadlineAt,
    submittedAt: attempt.submittedAt,
    closedBy: attempt.closedBy,
    percent: attempt.percent,
    passed: attempt.percent === null ? null : attempt.percent >= attempt.settings.passMark,
  };
}

@ApiTags('quizzes')
@Controller('api/institutes/:institute/cohorts/:cohortId/modules/:moduleId/quiz')
export class QuizzesApiController {
  constructor(private readonly quizzes: QuizAttemptsService) {}

  @Get()
  @ApiOperation({ summary: "The quiz's settings for this cohort, my attempts and the grade that counts" })
  async overview(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Param('moduleId', StableIdPipe) moduleId: string,
    @Req() request: FastifyRequest,
  ) {
    const context = await this.quizzes.quizContext(request.viewer, institute, cohortId, moduleId);
    const overview = await this.quizzes.overview(context);
    return {
      settings: context.settings,
      questionCount: context.module.quiz?.questionCount ?? 0,
      closesAt: context.closesAt,
      standing: overview.standing,
      canStart: overview.canStart,
      attempts: overview.attempts.map(attemptJson),
    };
  }

  @Post('attempts')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Start an attempt, or get the one in progress; its questions come without answers or feedback',
  })
  async start(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Param('moduleId', StableIdPipe) moduleId: string,
    @Req() request: FastifyRequest,
  ) {
    const context = await this.quizzes.quizContext(request.viewer, institute, cohortId, moduleId);
    const view = await this.quizzes.startedView(context, await this.quizzes.start(context));
    return 'revealed' in view
      ? { attempt: attemptJson(view.attempt), review: view }
      : { attempt: attemptJson(view.attempt), questions: view.questions };
  }

  @Get('attempts/:attemptId')
  @ApiOperation({ summary: 'An attempt: its questions and saved answers while in progress, its review once graded' })
  async attempt(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Param('moduleId', StableIdPipe) moduleId: string,
    @Param('attemptId') attemptId: string,
    @Req() request: FastifyRequest,
  ) {
    const context = await this.quizzes.moduleContext(request.viewer, institute, cohortId, moduleId);
    const view = await this.quizzes.readAttempt(context, attemptId);
    if (!('revealed' in view)) return { attempt: attemptJson(view.attempt), questions: view.questions };
    return { attempt: attemptJson(view.attempt), revealed: view.revealed, questions: view.questions };
  }

  @Put('attempts/:attemptId/responses/:questionKey')
  @ApiOperation({
    summary: 'Save one answer (body: a response object, or null to clear); refused once the attempt is closed',
  })
  async answer(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Param('moduleId', StableIdPipe) moduleId: string,
    @Param('attemptId') attemptId: string,
    @Param('questionKey', StableIdPipe) questionKey: string,
    @Body() body: { response?: unknown },
    @Req() request: FastifyRequest,
  ) {
    const context = await this.quizzes.moduleContext(request.viewer, institute, cohortId, moduleId);
    const { savedAt } = await this.quizzes.answerFromJson(context, attemptId, questionKey, body?.response ?? null);
    return { saved: true, savedAt };
  }

  @Post('attempts/:attemptId/submit')
  @HttpCode(200)
  @ApiOperation({ summary: 'Submit and grade; submitting again returns the same grade' })
  async submit(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Param('moduleId', StableIdPipe) moduleId: string,
    @Param('attemptId') attemptId: string,
    @Req() request: FastifyRequest,
  ) {
    const context = await this.quizzes.moduleContext(request.viewer, institute, cohortId, moduleId);
    const attempt = await this.quizzes.submit(context, attemptId);
    return { attempt: attemptJson(attempt) };
  }
}
