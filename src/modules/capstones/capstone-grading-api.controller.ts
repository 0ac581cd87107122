import { Controller, Get, Param, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { StableIdPipe } from '../../common/http/route-params.pipes.js';
import { GradebookService } from './gradebook.service.js';

@ApiTags('grades')
@Controller('api/institutes/:institute/cohorts/:cohortId/grades')
export class CapstoneGradingApiController {
  constructor(private readonly gradebook: GradebookService) {}

  @Get()
  @ApiOperation({
    summary: 'My grades in this cohort: each quiz, the capstone once its grade is released, the final grade',
  })
  async ownGrades(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Req() request: FastifyRequest,
  ) {
    const grades = await this.gradebook.ownGrades(request.viewer, institute, cohortId);
    const released = grades.capstone.released;
    return {
      weights: grades.weights,
      quizzes: grades.quizzes,
      quizMean: grades.quizMean,
      capstone: {
        // Before release only the state: no percent, levels, comments or feedback.
        state: grades.capstone.state,
        version: grades.capstone.version,
        submittedAt: grades.capstone.submittedAt,
        released: released && {
          version: released.version,
          percent: released.percent,
          releasedAt: released.releasedAt,
          criteria: released.criteria,
          overallFeedback: released.overallFeedback,
        },
      },
      finalPercent: grades.finalPercent,
      status: grades.status,
    };
  }
}
