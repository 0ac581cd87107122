import { Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../common/domain-error.js';
import { PageResponder } from '../../common/http/page-responder.js';
import '../../common/auth/viewer.js';
import { CoursePackageService, type PackageImportReport } from './course-package.service.js';
import { CoursePackageRefusedError } from './localization-exchange.errors.js';

/** A course package is a few MB at most (the networks course with a copy is well under 1 MB zipped). */
export const PACKAGE_UPLOAD_BYTES = 32 * 1024 * 1024;

/** Platform admins only: anyone else is told there is no such page, exactly as for an unknown address. */
export class CoursePackagePageNotFoundError extends DomainError {
  constructor(method: string, url: string) {
    super('ROUTE_NOT_FOUND', `Cannot ${method} ${url}`);
  }
}

export class CoursePackageRequestError extends DomainError {
  constructor(message: string) {
    super('VALIDATION_FAILED', message);
  }
}

/**
 * /admin/packages: export a master course version as a package, import a package (a course version, or a copy
 * into an institute). Copies' own packages are downloaded from their admin pages.
 */
@ApiExcludeController()
@Controller('admin/packages')
export class CoursePackageController {
  constructor(
    private readonly packages: CoursePackageService,
    private readonly responder: PageResponder,
  ) {}

  /** The page; with `?course=<slug>[&version=N]` the package of that master version (a plain GET form). */
  @Get()
  async show(
    @Query('course') course: string | undefined,
    @Query('version') version: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    requirePlatformAdmin(request);
    if (course === undefined) return this.render(request, reply, null, null);
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/u.test(course))
      throw new CoursePackageRequestError('course: give the slug of a course.');
    if (version && !/^[1-9]\d{0,5}$/u.test(version))
      throw new CoursePackageRequestError('version: give a version number, or nothing for the newest.');
    const { fileName, bytes } = await this.packages.exportPackage({
      courseSlug: course,
      versionNumber: version ? Number(version) : null,
      copy: null,
    });
    return reply
      .header('content-type', 'application/zip')
      .header('content-disposition', `attachment; filename="${fileName}"`)
      .header('cache-control', 'no-store')
      .send(bytes);
  }

  /** multipart/form-data: `file` (the package) and `institute` (where a copy lands; empty: the one it names). */
  @Post('import')
  @RouteConfig({ multipartOptions: { limits: { fileSize: PACKAGE_UPLOAD_BYTES } } })
  async import(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    requirePlatformAdmin(request);
    const body = (request.body ?? {}) as { file?: unknown; institute?: unknown };
    if (!Buffer.isBuffer(body.file) || body.file.length === 0)
      throw new CoursePackageRequestError('Choose a course package (.zip) to upload.');
    const institute = typeof body.institute === 'string' && body.institute.trim() ? body.institute.trim() : null;
    try {
      const report = await this.packages.importPackage(body.file, { instituteSlug: institute }, request.viewer!.userId);
      return this.render(request, reply, report, null);
    } catch (error) {
      if (error instanceof CoursePackageRefusedError) return this.render(request, reply, null, error.message, 422);
      throw error;
    }
  }

  private render(
    request: FastifyRequest,
    reply: FastifyReply,
    report: PackageImportReport | null,
    refusal: string | null,
    status = 200,
  ) {
    return this.responder.render(
      request,
      reply,
      'exchange-packages',
      { title: this.responder.t(request, 'localizationExchange.packages.title') },
      { report, refusal, csrfToken: reply.generateCsrf() },
      status,
    );
  }
}

function requirePlatformAdmin(request: FastifyRequest): void {
  if (!request.viewer?.isPlatformAdmin) throw new CoursePackagePageNotFoundError(request.method, request.url);
}
