import { Body, Controller, Get, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../common/domain-error.js';
import { PageResponder } from '../../common/http/page-responder.js';
import { InstituteRoleGuard, InstituteRoles } from '../institutes/institute-role.guard.js';
import { CohortAdminService, type EnrolmentReport } from './cohort-admin.service.js';
import { INSTITUTE_ROLES, type InstituteRole } from '../accounts/domain/roles.js';
import {
  CohortSettingsFormDto,
  CreateCohortFormDto,
  CsrfOnlyFormDto,
  EnrolOneFormDto,
  InviteFormDto,
  RoleFormDto,
} from './dto/admin-forms.dto.js';

type AdminRequest = FastifyRequest<{ Params: { institute: string; cohortId?: string } }>;

/** Institute admin pages: cohorts, people, enrolment (one person or a CSV file), withdrawal. */
@ApiExcludeController()
@Controller('i/:institute/admin')
@UseGuards(InstituteRoleGuard)
@InstituteRoles('admin')
export class CohortAdminController {
  constructor(
    private readonly admin: CohortAdminService,
    private readonly responder: PageResponder,
  ) {}

  @Get()
  async home(@Req() request: AdminRequest, @Res() reply: FastifyReply) {
    const institute = request.institute!;
    const model = await this.admin.overview(institute);
    return this.responder.render(
      request,
      reply,
      'admin-home',
      { title: this.responder.t(request, 'cohorts.admin.pageTitle', { institute: institute.name }) },
      {
        institute,
        ...model,
        csrfToken: reply.generateCsrf(),
        today: new Date().toISOString().slice(0, 10),
      },
    );
  }

  @Post('cohorts')
  async create(@Body() form: CreateCohortFormDto, @Req() request: AdminRequest, @Res() reply: FastifyReply) {
    const institute = request.institute!;
    const cohort = await this.admin.createCohort(
      institute,
      { ...form, trainerIds: form.trainerIds ?? [] },
      request.viewer!,
    );
    return reply.redirect(`/i/${institute.slug}/admin/cohorts/${cohort.id}`, 303);
  }

  @Get('cohorts/:cohortId')
  async cohort(@Param('cohortId') cohortId: string, @Req() request: AdminRequest, @Res() reply: FastifyReply) {
    return this.renderCohort(request, reply, cohortId, null);
  }

  @Post('cohorts/:cohortId/enrolments')
  async enrolOne(
    @Param('cohortId') cohortId: string,
    @Body() form: EnrolOneFormDto,
    @Req() request: AdminRequest,
    @Res() reply: FastifyReply,
  ) {
    const report = await this.admin.enrolOne(request.institute!, cohortId, form, request.viewer!);
    if (report.problems.length > 0) return this.renderCohort(request, reply, cohortId, report, 422);
    return reply.redirect(`/i/${request.institute!.slug}/admin/cohorts/${cohortId}`, 303);
  }

  /** multipart/form-data: `file` (CSV, UTF-8) and `mode` (dry-run or apply). */
  @Post('cohorts/:cohortId/enrolments/csv')
  async enrolCsv(@Param('cohortId') cohortId: string, @Req() request: AdminRequest, @Res() reply: FastifyReply) {
    const body = (request.body ?? {}) as { file?: unknown; mode?: unknown };
    if (!Buffer.isBuffer(body.file)) throw new DomainError('VALIDATION_FAILED', 'Choose a CSV file to upload.');
    const report = await this.admin.enrolFromCsv(
      request.institute!,
      cohortId,
      body.file,
      body.mode === 'apply',
      request.viewer!,
    );
    return this.renderCohort(request, reply, cohortId, report, report.problems.length > 0 ? 422 : 200);
  }

  @Post('cohorts/:cohortId/enrolments/:enrolmentId/withdraw')
  async withdraw(
    @Param('cohortId') cohortId: string,
    @Param('enrolmentId') enrolmentId: string,
    @Body() _form: CsrfOnlyFormDto,
    @Req() request: AdminRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.admin.withdraw(request.institute!, cohortId, enrolmentId, request.viewer!);
    return reply.redirect(`/i/${request.institute!.slug}/admin/cohorts/${cohortId}`, 303);
  }

  @Post('cohorts/:cohortId/settings')
  async editSettings(
    @Param('cohortId') cohortId: string,
    @Body() form: CohortSettingsFormDto,
    @Req() request: AdminRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.admin.editSettings(request.institute!, cohortId, form, request.viewer!);
    return reply.redirect(`/i/${request.institute!.slug}/admin/cohorts/${cohortId}`, 303);
  }

  @Post('cohorts/:cohortId/schedule')
  async editSchedule(
    @Param('cohortId') cohortId: string,
    @Body() form: Record<string, unknown>,
    @Req() request: AdminRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.admin.editSchedule(request.institute!, cohortId, form, request.viewer!);
    return reply.redirect(`/i/${request.institute!.slug}/admin/cohorts/${cohortId}#schedule`, 303);
  }

  @Post('people/invite')
  async invite(@Body() form: InviteFormDto, @Req() request: AdminRequest, @Res() reply: FastifyReply) {
    await this.admin.invite(request.institute!, form, request.viewer!);
    return reply.redirect(`/i/${request.institute!.slug}/admin#people`, 303);
  }

  @Post('people/:userId/roles')
  async grantRole(
    @Param('userId') userId: string,
    @Body() form: RoleFormDto,
    @Req() request: AdminRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.admin.grantRole(request.institute!, userId, form.role, request.viewer!);
    return reply.redirect(`/i/${request.institute!.slug}/admin#people`, 303);
  }

  @Post('people/:userId/roles/:role/revoke')
  async revokeRole(
    @Param('userId') userId: string,
    @Param('role') role: string,
    @Body() _form: CsrfOnlyFormDto,
    @Req() request: AdminRequest,
    @Res() reply: FastifyReply,
  ) {
    if (!(INSTITUTE_ROLES as readonly string[]).includes(role))
      throw new DomainError('VALIDATION_FAILED', `Unknown role ${role}`);
    await this.admin.revokeRole(request.institute!, userId, role as InstituteRole, request.viewer!);
    return reply.redirect(`/i/${request.institute!.slug}/admin#people`, 303);
  }

  private async renderCohort(
    request: AdminRequest,
    reply: FastifyReply,
    cohortId: string,
    report: EnrolmentReport | null,
    status = 200,
  ) {
    const institute = request.institute!;
    const detail = await this.admin.cohortDetail(institute, cohortId);
    const base = `/i/${institute.slug}/admin/cohorts/${detail.cohort.id}`;
    return this.responder.render(
      request,
      reply,
      'admin-cohort',
      {
        title: this.responder.t(request, 'cohorts.admin.enrolmentTitle', { cohort: detail.cohort.title }),
        trail: [{ href: `/i/${institute.slug}/admin`, label: institute.name }],
      },
      {
        ...detail,
        base,
        viewHref: `/i/${institute.slug}/cohorts/${detail.cohort.id}`,
        report: report && {
          ...report,
          dryRun: !report.applied && report.problems.length === 0,
        },
        csrfToken: reply.generateCsrf(),
      },
      status,
    );
  }
}
