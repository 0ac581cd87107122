import { Body, Controller, Get, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PageResponder } from '../../common/http/page-responder.js';
import { StableIdPipe } from '../../common/http/route-params.pipes.js';
import { uploadedFileName } from '../../common/http/uploaded-files.js';
import { InstituteRoleGuard, InstituteRoles } from '../institutes/institute-role.guard.js';
import type { CourseCopyRecord } from '../localization/course-copies.repository.js';
import { CsrfFormDto } from '../localization/dto/copy-forms.dto.js';
import type { ImportProblem } from '../localization/domain/xliff.js';
import { CopyExchangeService, type TranslationFormat } from './copy-exchange.service.js';
import { CopyRebaseService } from './copy-rebase.service.js';
import { CoursePackageService } from './course-package.service.js';
import { TranslationFileMissingError, TranslationImportRejectedError } from './localization-exchange.errors.js';

type AdminRequest = FastifyRequest<{ Params: { institute: string; copy: string } }>;

/** A whole course in XLIFF with its translations is about 2 MB: room for CAT tools' additions. */
export const TRANSLATION_UPLOAD_BYTES = 16 * 1024 * 1024;

interface Notice {
  updated?: number;
  problems?: ImportProblem[];
}

/**
 * Institute admins, per copy: translation files (XLIFF 2.1 and CSV) out and in, upstream changes of the master
 * course with the rebase, and the copy's course package.
 */
@ApiExcludeController()
@Controller('i/:institute/admin/copies/:copy')
@UseGuards(InstituteRoleGuard)
@InstituteRoles('admin')
export class CopyExchangeController {
  constructor(
    private readonly exchange: CopyExchangeService,
    private readonly rebases: CopyRebaseService,
    private readonly packages: CoursePackageService,
    private readonly responder: PageResponder,
  ) {}

  @Get('exchange')
  async page(@Param('copy', StableIdPipe) copySlug: string, @Req() request: AdminRequest, @Res() reply: FastifyReply) {
    return this.render(request, reply, copySlug, {});
  }

  @Get('exchange/xliff')
  async xliff(@Param('copy', StableIdPipe) copySlug: string, @Req() request: AdminRequest, @Res() reply: FastifyReply) {
    return this.download(request, reply, copySlug, 'xliff');
  }

  @Get('exchange/csv')
  async csv(@Param('copy', StableIdPipe) copySlug: string, @Req() request: AdminRequest, @Res() reply: FastifyReply) {
    return this.download(request, reply, copySlug, 'csv');
  }

  /** multipart/form-data: `file`, an XLIFF 2.x (.xlf) or CSV file. All or nothing. */
  @Post('exchange/import')
  @RouteConfig({ multipartOptions: { limits: { fileSize: TRANSLATION_UPLOAD_BYTES } } })
  async import(
    @Param('copy', StableIdPipe) copySlug: string,
    @Req() request: AdminRequest,
    @Res() reply: FastifyReply,
  ) {
    const copy = await this.exchange.getCopy(request.institute!, copySlug);
    const body = (request.body ?? {}) as { file?: unknown };
    if (!Buffer.isBuffer(body.file) || body.file.length === 0) throw new TranslationFileMissingError();
    try {
      const result = await this.exchange.importFile(
        copy,
        body.file,
        uploadedFileName(request, 'file'),
        request.viewer!.userId,
      );
      return this.render(request, reply, copySlug, { updated: result.updated });
    } catch (error) {
      if (error instanceof TranslationImportRejectedError)
        return this.render(request, reply, copySlug, { problems: error.problems }, 422);
      throw error;
    }
  }

  @Get('upstream')
  async upstream(
    @Param('copy', StableIdPipe) copySlug: string,
    @Req() request: AdminRequest,
    @Res() reply: FastifyReply,
  ) {
    const copy = await this.exchange.getCopy(request.institute!, copySlug);
    const upstream = await this.rebases.upstream(copy);
    const t = (key: string, values?: Record<string, string | number>) =>
      this.responder.t(request, `localizationExchange.${key}`, values);
    return this.responder.render(
      request,
      reply,
      'exchange-upstream',
      { title: t('upstream.title', { title: copy.title }), trail: this.trail(request, copy) },
      {
        copy,
        upstream: upstream && {
          ...upstream,
          diff: {
            changed: upstream.diff.changed,
            added: upstream.diff.added,
            removed: upstream.diff.removed,
          },
        },
        rebaseAction: `${this.base(request, copy)}/upstream/rebase`,
        csrfToken: reply.generateCsrf(),
      },
    );
  }

  @Post('upstream/rebase')
  async rebase(
    @Param('copy', StableIdPipe) copySlug: string,
    @Body() _form: CsrfFormDto,
    @Req() request: AdminRequest,
    @Res() reply: FastifyReply,
  ) {
    const copy = await this.exchange.getCopy(request.institute!, copySlug);
    await this.rebases.rebase(copy, request.viewer!.userId);
    return reply.redirect(`${this.base(request, copy)}/exchange#rebase`, 303);
  }

  @Get('package')
  async package(
    @Param('copy', StableIdPipe) copySlug: string,
    @Req() request: AdminRequest,
    @Res() reply: FastifyReply,
  ) {
    const { fileName, bytes } = await this.packages.exportCopyPackage(request.institute!, copySlug);
    return reply
      .header('content-type', 'application/zip')
      .header('content-disposition', `attachment; filename="${fileName}"`)
      .header('cache-control', 'no-store')
      .send(bytes);
  }

  private async download(request: AdminRequest, reply: FastifyReply, copySlug: string, format: TranslationFormat) {
    const copy = await this.exchange.getCopy(request.institute!, copySlug);
    const file = await this.exchange.exportFile(copy, format);
    return reply
      .header('content-type', file.contentType)
      .header('content-disposition', `attachment; filename="${file.fileName}"`)
      .header('cache-control', 'no-store')
      .send(file.body);
  }

  private base(request: AdminRequest, copy: CourseCopyRecord): string {
    return `/i/${request.institute!.slug}/admin/copies/${copy.slug}`;
  }

  private trail(request: AdminRequest, copy: CourseCopyRecord) {
    const institute = request.institute!;
    return [
      { href: `/i/${institute.slug}/admin`, label: this.responder.t(request, 'localization.admin.trailAdmin') },
      { href: `/i/${institute.slug}/admin/copies`, label: this.responder.t(request, 'localization.admin.copiesTitle') },
      { href: this.base(request, copy), label: copy.title },
    ];
  }

  private async render(request: AdminRequest, reply: FastifyReply, copySlug: string, notice: Notice, status = 200) {
    const copy = await this.exchange.getCopy(request.institute!, copySlug);
    const [newer, lastRebase] = await Promise.all([this.rebases.newerVersion(copy), this.rebases.latestRebase(copy)]);
    const base = this.base(request, copy);
    return this.responder.render(
      request,
      reply,
      'exchange-copy',
      {
        title: this.responder.t(request, 'localizationExchange.page.title', { title: copy.title }),
        trail: this.trail(request, copy),
      },
      {
        copy,
        problems: (notice.problems ?? []).map((problem) => ({
          unitId: problem.unitId ?? null,
          line: problem.line ?? null,
          message: problem.message,
        })),
        updated: notice.updated ?? null,
        showUpdated: notice.updated !== undefined,
        newer,
        lastRebase: lastRebase && {
          ...lastRebase,
          staleCount: lastRebase.report.stale.length,
          removedCount: lastRebase.report.removed.length,
          reanchoredCount: lastRebase.report.reanchored.length,
          carriedCount: lastRebase.report.carried.length,
        },
        links: {
          xliff: `${base}/exchange/xliff`,
          csv: `${base}/exchange/csv`,
          import: `${base}/exchange/import`,
          upstream: `${base}/upstream`,
          package: `${base}/package`,
        },
        csrfToken: reply.generateCsrf(),
      },
      status,
    );
  }
}
