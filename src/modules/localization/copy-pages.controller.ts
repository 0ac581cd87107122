import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PageResponder } from '../../common/http/page-responder.js';
import { StableIdPipe } from '../../common/http/route-params.pipes.js';
import { supportedLocaleOf } from '../../infra/i18n/locales.js';
import type { InstituteView } from '../institutes/institutes.service.js';
import { copyHref, CopyPagesService } from './copy-pages.service.js';

/**
 * An institute's own catalogue of localized copies, public like the master catalogue. Its pages speak the
 * institute's default language unless the reader chose another.
 */
@ApiExcludeController()
@Controller('i/:institute')
export class CopyPagesController {
  constructor(
    private readonly pages: CopyPagesService,
    private readonly responder: PageResponder,
  ) {}

  private async place(request: FastifyRequest, slug: string): Promise<InstituteView> {
    const institute = await this.pages.institute(slug);
    request.placeLocale = supportedLocaleOf(institute.defaultLanguage);
    return institute;
  }

  @Get()
  async catalogue(
    @Param('institute', StableIdPipe) slug: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const institute = await this.place(request, slug);
    const model = await this.pages.catalogue(institute);
    return this.responder.render(
      request,
      reply,
      'institute-catalogue',
      { title: this.responder.t(request, 'localization.catalogue.title', { institute: institute.name }) },
      model,
    );
  }

  @Get('courses/:copy')
  async course(
    @Param('institute', StableIdPipe) slug: string,
    @Param('copy', StableIdPipe) copySlug: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const institute = await this.place(request, slug);
    const { copy, model } = await this.pages.coursePage(institute, copySlug);
    return this.responder.render(
      request,
      reply,
      'copy-course',
      { title: copy.title, trail: [{ href: `/i/${institute.slug}`, label: institute.name }] },
      model,
    );
  }

  @Get('courses/:copy/modules/:moduleId')
  async module(
    @Param('institute', StableIdPipe) slug: string,
    @Param('copy', StableIdPipe) copySlug: string,
    @Param('moduleId', StableIdPipe) moduleId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const institute = await this.place(request, slug);
    const { copy, courseTitle, model } = await this.pages.modulePage(institute, copySlug, moduleId);
    return this.responder.render(
      request,
      reply,
      'copy-module',
      {
        title: `${model.title.text} · ${courseTitle}`,
        trail: [
          { href: `/i/${institute.slug}`, label: institute.name },
          { href: copyHref(institute.slug, copy.slug), label: courseTitle },
        ],
      },
      model,
    );
  }
}
