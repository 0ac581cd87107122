import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendPage } from '../../common/http/rendered-page.js';
import { CataloguePagesService } from './catalogue-pages.service.js';
import { CourseParamsDto, ModuleParamsDto, VersionQueryDto } from './dto/catalogue-params.dto.js';

@ApiExcludeController()
@Controller()
export class CataloguePagesController {
  constructor(private readonly pages: CataloguePagesService) {}

  @Get()
  async catalogue(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return sendPage(request, reply, await this.pages.cataloguePage());
  }

  @Get('courses/:slug')
  async course(
    @Param() params: CourseParamsDto,
    @Query() query: VersionQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return sendPage(request, reply, await this.pages.coursePage(params.slug, query.version));
  }

  @Get('courses/:slug/modules/:moduleId')
  async module(
    @Param() params: ModuleParamsDto,
    @Query() query: VersionQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return sendPage(request, reply, await this.pages.modulePage(params.slug, params.moduleId, query.version));
  }
}
