import { Body, Controller, Get, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PageResponder } from '../../common/http/page-responder.js';
import { StableIdPipe } from '../../common/http/route-params.pipes.js';
import { InstituteRoleGuard, InstituteRoles } from '../institutes/institute-role.guard.js';
import { copyAdminHref, CopyAdminService } from './copy-admin.service.js';
import { CreateCopyFormDto, CsrfFormDto, SectionFormDto, UnitFormDto } from './dto/copy-forms.dto.js';

type AdminRequest = FastifyRequest<{ Params: { institute: string } }>;

/** Institute admins' copy pages: list and create copies, progress per module, the unit editor. */
@ApiExcludeController()
@Controller('i/:institute/admin/copies')
@UseGuards(InstituteRoleGuard)
@InstituteRoles('admin')
export class CopyAdminController {
  constructor(
    private readonly admin: CopyAdminService,
    private readonly responder: PageResponder,
  ) {}

  private trail(request: AdminRequest) {
    const institute = request.institute!;
    return [
      { href: `/i/${institute.slug}/admin`, label: this.responder.t(request, 'localization.admin.trailAdmin') },
      { href: `/i/${institute.slug}/admin/copies`, label: this.responder.t(request, 'localization.admin.copiesTitle') },
    ];
  }

  @Get()
  async list(@Req() request: AdminRequest, @Res() reply: FastifyReply) {
    const model = await this.admin.copiesPage(request.institute!);
    return this.responder.render(
      request,
      reply,
      'admin-copies',
      { title: this.responder.t(request, 'localization.admin.copiesTitle'), trail: this.trail(request).slice(0, 1) },
      { ...model, csrfToken: reply.generateCsrf() },
    );
  }

  @Post()
  async create(@Body() form: CreateCopyFormDto, @Req() request: AdminRequest, @Res() reply: FastifyReply) {
    const copy = await this.admin.create(request.institute!, form, request.viewer!.userId);
    return reply.redirect(copyAdminHref(request.institute!.slug, copy.slug), 303);
  }

  @Get(':copy')
  async copy(@Param('copy', StableIdPipe) copySlug: string, @Req() request: AdminRequest, @Res() reply: FastifyReply) {
    const model = await this.admin.copyPage(request.institute!, copySlug, this.responder.localeOf(request));
    return this.responder.render(
      request,
      reply,
      'admin-copy',
      { title: model.copy.title, trail: this.trail(request) },
      model,
    );
  }

  @Get(':copy/units/:group')
  async editor(
    @Param('copy', StableIdPipe) copySlug: string,
    @Param('group', StableIdPipe) group: string,
    @Req() request: AdminRequest,
    @Res() reply: FastifyReply,
  ) {
    const model = await this.admin.editor(request.institute!, copySlug, group, this.responder.localeOf(request));
    return this.responder.render(
      request,
      reply,
      'admin-copy-units',
      {
        title: `${model.copy.title}: ${model.groupLabel}`,
        trail: [
          ...this.trail(request),
          { href: copyAdminHref(request.institute!.slug, copySlug), label: model.copy.title },
        ],
      },
      { ...model, csrfToken: reply.generateCsrf() },
    );
  }

  @Post(':copy/units/:group/units')
  async saveUnit(
    @Param('copy', StableIdPipe) copySlug: string,
    @Param('group', StableIdPipe) group: string,
    @Body() form: UnitFormDto,
    @Req() request: AdminRequest,
    @Res() reply: FastifyReply,
  ) {
    const next = await this.admin.saveUnit(request.institute!, copySlug, group, form, request.viewer!.userId);
    return reply.redirect(next, 303);
  }

  @Post(':copy/units/:group/sections')
  async addSection(
    @Param('copy', StableIdPipe) copySlug: string,
    @Param('group', StableIdPipe) group: string,
    @Body() form: SectionFormDto,
    @Req() request: AdminRequest,
    @Res() reply: FastifyReply,
  ) {
    const next = await this.admin.addSection(request.institute!, copySlug, group, form, request.viewer!.userId);
    return reply.redirect(next, 303);
  }

  @Post(':copy/units/:group/sections/:sectionId/remove')
  async removeSection(
    @Param('copy', StableIdPipe) copySlug: string,
    @Param('group', StableIdPipe) group: string,
    @Param('sectionId', StableIdPipe) sectionId: string,
    @Body() _form: CsrfFormDto,
    @Req() request: AdminRequest,
    @Res() reply: FastifyReply,
  ) {
    const next = await this.admin.removeSection(request.institute!, copySlug, group, sectionId, request.viewer!.userId);
    return reply.redirect(next, 303);
  }
}
