import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../common/domain-error.js';
import { httpStatusOf } from '../../common/errors/http-status-of.js';
import { PageResponder } from '../../common/http/page-responder.js';
import { loadForSignedIn } from '../../common/http/signed-in-page.js';
import { StableIdPipe } from '../../common/http/route-params.pipes.js';
import { uploadedFileName } from '../../common/http/uploaded-files.js';
import { cohortPath } from '../cohorts/learning.service.js';
import type { CapstoneSection } from './domain/capstone.types.js';
import { attachmentDisposition } from './domain/file-type.js';
import { rawSectionForm, readSectionForm } from './domain/plan-form.js';
import { emptySectionContent } from './domain/plan-form.js';
import { ATTACHMENT_LIMIT_BYTES, CapstoneAttachmentsService } from './capstone-attachments.service.js';
import {
  capstonePath,
  overviewModel,
  sectionFormModel,
  sectionView,
  versionNumber,
  versionRow,
  attachmentModel,
  when,
} from './capstone-page-models.js';
import { CapstonePlansService, type CapstoneContext } from './capstone-plans.service.js';
import { CapstoneFormError, PlanSectionInvalidError, StaleDraftError } from './capstones.errors.js';

type FormBody = Record<string, unknown>;

/** The participant's action plan: one form per section, attachments, submit, versions. Works without JavaScript. */
@ApiExcludeController()
@Controller('i/:institute/cohorts/:cohortId/capstone')
export class CapstonePlansController {
  constructor(
    private readonly plans: CapstonePlansService,
    private readonly attachments: CapstoneAttachmentsService,
    private readonly responder: PageResponder,
  ) {}

  @Get()
  async overview(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const context = await this.context(request, reply, institute, cohortId);
    if (!context) return reply;
    if (!context.owner) return reply.redirect(`${capstonePath(context)}/people`, 303);
    return this.renderOverview(request, reply, context, null);
  }

  @Get('sections/:sectionId')
  async sectionForm(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Param('sectionId') sectionId: string,
    @Query('saved') saved: string | undefined,
    @Query('more') more: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const context = await this.context(request, reply, institute, cohortId);
    if (!context) return reply;
    const section = this.plans.section(context, sectionId);
    const draft = await this.plans.draft(context);
    const extraRows = /^\d{1,2}$/.test(more ?? '') ? Math.min(Number(more), 60) : 0;
    const content = draft.content.sections[section.id] ?? emptySectionContent(section);
    return this.renderSection(request, reply, context, section, {
      content: content.kind === section.kind ? content : emptySectionContent(section),
      revision: draft.revision,
      extraRows,
      saved: saved === '1',
      problems: [],
      stale: null,
      unsavedText: null,
    });
  }

  /** Saves the section, then back to its form ("Saved"); "add rows" saves too and offers more blank rows. */
  @Post('sections/:sectionId')
  async saveSection(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Param('sectionId') sectionId: string,
    @Body() body: FormBody,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const context = await this.plans.context(request.viewer, institute, cohortId);
    const section = this.plans.section(context, sectionId);
    const loaded = revisionOf(body);
    const extraRows = (Number(body.extraRows) || 0) + (body.go === 'add-rows' ? 3 : 0);
    try {
      await this.plans.saveSection(context, section, readSectionForm(section, body), loaded);
    } catch (error) {
      if (error instanceof PlanSectionInvalidError) {
        return this.renderSection(
          request,
          reply,
          context,
          section,
          {
            content: rawSectionForm(section, body),
            revision: loaded,
            extraRows,
            saved: false,
            problems: error.problems,
            stale: null,
            unsavedText: null,
          },
          400,
        );
      }
      if (error instanceof StaleDraftError) {
        const draft = await this.plans.draft(context);
        const newer = draft.content.sections[section.id] ?? emptySectionContent(section);
        return this.renderSection(
          request,
          reply,
          context,
          section,
          {
            content: newer,
            revision: draft.revision,
            extraRows: 0,
            saved: false,
            problems: [],
            stale: error.message,
            unsavedText: section.kind === 'text' && typeof body.text === 'string' ? body.text : null,
          },
          409,
        );
      }
      throw error;
    }
    const more = extraRows > 0 ? `&more=${Math.min(extraRows, 60)}` : '';
    return reply.redirect(`${capstonePath(context)}/sections/${section.id}?saved=1${more}`, 303);
  }

  @Post('attachments')
  @RouteConfig({
    // One byte over the limit tells a file that is too large from one that fits; the service says so clearly.
    multipartOptions: { throwFileSizeLimit: false, limits: { fileSize: ATTACHMENT_LIMIT_BYTES + 1, files: 1 } },
  })
  async upload(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const context = await this.plans.context(request.viewer, institute, cohortId);
    const body = (request.body ?? {}) as FormBody;
    try {
      const file = Buffer.isBuffer(body.file) ? body.file : null;
      if (!file || file.length === 0) throw new CapstoneFormError('file', 'Choose a file to attach.');
      await this.attachments.upload(context, uploadedFileName(request, 'file') ?? 'attachment', file);
    } catch (error) {
      if (error instanceof DomainError && !error.code.endsWith('_NOT_FOUND')) {
        return this.renderOverview(request, reply, context, error.message, httpStatusOf(error.code));
      }
      throw error;
    }
    return reply.redirect(capstonePath(context), 303);
  }

  @Post('attachments/:attachmentId/remove')
  async remove(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Param('attachmentId') attachmentId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const context = await this.plans.context(request.viewer, institute, cohortId);
    await this.attachments.remove(context, attachmentId);
    return reply.redirect(capstonePath(context), 303);
  }

  @Get('attachments/:attachmentId')
  async download(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Param('attachmentId') attachmentId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const context = await this.context(request, reply, institute, cohortId);
    if (!context) return reply;
    const { attachment, stream } = await this.attachments.download(context, attachmentId);
    return reply
      .header('content-type', attachment.mediaType)
      .header('content-disposition', attachmentDisposition(attachment.fileName))
      .header('content-length', String(attachment.sizeBytes))
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store')
      .send(stream);
  }

  @Post('submit')
  async submit(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Body() body: FormBody,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const context = await this.plans.context(request.viewer, institute, cohortId);
    try {
      const { submission } = await this.plans.submit(context, request.viewer!.userId, revisionOf(body));
      return reply.redirect(`${capstonePath(context)}/versions/${submission.version}`, 303);
    } catch (error) {
      if (error instanceof DomainError && !error.code.endsWith('_NOT_FOUND')) {
        return this.renderOverview(request, reply, context, error.message, httpStatusOf(error.code));
      }
      throw error;
    }
  }

  @Get('versions/:version')
  async version(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Param('version') version: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const context = await this.context(request, reply, institute, cohortId);
    if (!context) return reply;
    const owner = this.plans.ownerOf(context);
    const { submission, attachments } = await this.plans.version(owner, versionNumber(version));
    const base = capstonePath(context);
    return this.render(
      request,
      reply,
      context,
      'capstone-version',
      this.responder.t(request, 'capstones.versionNumber', { version: submission.version }),
      {
        heading: this.responder.t(request, 'capstones.versionHeading', {
          title: context.definition.title,
          version: submission.version,
        }),
        person: null,
        version: versionRow(context, '', submission, this.responder.localeOf(request)),
        sections: context.definition.sections.map((section) =>
          sectionView(section, submission.content.sections[section.id]),
        ),
        attachments: attachments.map((attachment) => attachmentModel(base, attachment)),
        backHref: base,
        submittedAtText: when(context, submission.submittedAt, this.responder.localeOf(request)),
        csrfToken: reply.generateCsrf(),
      },
    );
  }

  private async renderOverview(
    request: FastifyRequest,
    reply: FastifyReply,
    context: CapstoneContext,
    error: string | null,
    status = 200,
  ) {
    const overview = await this.plans.overview(context);
    return this.render(
      request,
      reply,
      context,
      'capstone',
      this.responder.t(request, 'capstones.nav.capstone'),
      overviewModel(context, overview, reply.generateCsrf(), error, this.responder.localeOf(request)),
      status,
    );
  }

  private renderSection(
    request: FastifyRequest,
    reply: FastifyReply,
    context: CapstoneContext,
    section: CapstoneSection,
    state: Parameters<typeof sectionFormModel>[2],
    status = 200,
  ) {
    const model = sectionFormModel(context, section, state, reply.generateCsrf());
    return this.render(request, reply, context, 'capstone-section', section.title, model, status);
  }

  private render(
    request: FastifyRequest,
    reply: FastifyReply,
    context: CapstoneContext,
    view: string,
    heading: string,
    model: object,
    status = 200,
  ) {
    const base = cohortPath(context.access.institute.slug, context.access.cohort.id);
    return this.responder.render(
      request,
      reply,
      view,
      {
        title: `${heading} · ${context.access.cohort.title}`,
        trail: [
          { href: '/learn', label: this.responder.t(request, 'cohorts.learn.title') },
          { href: base, label: context.access.cohort.title },
          { href: `${base}/capstone`, label: this.responder.t(request, 'capstones.nav.capstone') },
        ],
      },
      model,
      status,
    );
  }

  private context(request: FastifyRequest, reply: FastifyReply, institute: string, cohortId: string) {
    return loadForSignedIn(request, reply, () => this.plans.context(request.viewer, institute, cohortId));
  }
}

/** The draft revision a form was loaded at (0: no draft yet); a form without one is refused. */
function revisionOf(body: FormBody): number {
  const value = typeof body.revision === 'string' ? body.revision : '';
  if (!/^\d{1,9}$/.test(value))
    throw new CapstoneFormError('revision', 'The form is missing the plan revision: reload the page.');
  return Number(value);
}
