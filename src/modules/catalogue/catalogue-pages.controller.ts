import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PageResponder } from '../../common/http/page-responder.js';
import { OptionalVersionPipe, StableIdPipe } from '../../common/http/route-params.pipes.js';
import { CataloguePagesService } from './catalogue-pages.service.js';

@ApiExcludeController()
@Controller()
export class CataloguePagesController {
  constructor(
    private readonly pages: CataloguePagesService,
    private readonly responder: PageResponder,
  ) {}

  @Get()
  async catalogue(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.responder.sendCached(request, reply, await this.pages.cataloguePage(this.responder.localeOf(request)));
  }

  @Get('courses/:slug')
  async course(
    @Param('slug', StableIdPipe) slug: string,
    @Query('version', OptionalVersionPipe) version: number | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.responder.sendCached(
      request,
      reply,
      await this.pages.coursePage(this.responder.localeOf(request), slug, version),
    );
  }

  @Get('courses/:slug/modules/:moduleId')
  async module(
    @Param('slug', StableIdPipe) slug: string,
    @Param('moduleId', StableIdPipe) moduleId: string,
    @Query('version', OptionalVersionPipe) version: number | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.responder.sendCached(
      request,
      reply,
      await this.pages.modulePage(this.responder.localeOf(request), slug, moduleId, version),
    );
  }
}
