import { Controller, Get, Param, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { StableIdPipe } from '../../common/http/route-params.pipes.js';
import { LearningService } from './learning.service.js';

@ApiTags('learning')
@Controller('api')
export class CohortsApiController {
  constructor(private readonly learning: LearningService) {}

  @Get('me/learning')
  @ApiOperation({ summary: 'My cohorts, modules with their state (locked, open, opened, done), what is due' })
  async myLearning(@Req() request: FastifyRequest) {
    return this.learning.myLearning(request.viewer);
  }

  @Get('institutes/:institute/cohorts/:cohortId/modules/:moduleId')
  @ApiOperation({ summary: 'A module of a cohort; refused (403 MODULE_LOCKED_FORBIDDEN) before it opens' })
  async module(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Param('moduleId', StableIdPipe) moduleId: string,
    @Req() request: FastifyRequest,
  ) {
    const { module, done, opensAt, access } = await this.learning.openModule(
      request.viewer,
      institute,
      cohortId,
      moduleId,
    );
    return { cohortId: access.cohort.id, opensAt, done, module };
  }
}
