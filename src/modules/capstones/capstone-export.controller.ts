import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PageResponder } from '../../common/http/page-responder.js';
import { loadForSignedIn } from '../../common/http/signed-in-page.js';
import { StableIdPipe } from '../../common/http/route-params.pipes.js';
import { cohortPath } from '../cohorts/learning.service.js';
import { CapstoneExportService, exportFileName, type ExportTarget } from './capstone-export.service.js';

/** The PDF of a submitted action plan: asked for with a form, then downloaded once the worker has made it. */
@ApiExcludeController()
@Controller('i/:institute/cohorts/:cohortId/capstone/versions/:submissionId/pdf')
export class CapstoneExportController {
  constructor(
    private readonly exports: CapstoneExportService,
    private readonly responder: PageResponder,
  ) {}

  @Post()
  async request(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Param('submissionId') submissionId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const target = await this.exports.target(request.viewer, institute, cohortId, submissionId);
    await this.exports.request(target);
    return reply.redirect(pdfPath(target), 303);
  }

  @Get()
  async download(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Param('submissionId') submissionId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const target = await loadForSignedIn(request, reply, () =>
      this.exports.target(request.viewer, institute, cohortId, submissionId),
    );
    if (!target) return reply;
    // Opening the link is asking for the PDF: nobody has to find a button first.
    const record = (await this.exports.status(target)) ?? (await this.exports.request(target));
    const file = await this.exports.open(record);
    if (file) {
      return reply
        .header('content-type', 'application/pdf')
        .header(
          'content-disposition',
          `attachment; filename="${exportFileName(target.participantName, target.version)}"`,
        )
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .header('content-length', String(record.sizeBytes))
        .send(file);
    }
    const preparing = record.status !== 'failed';
    if (preparing) reply.header('refresh', '3');
    return this.responder.render(
      request,
      reply,
      'capstone-export-status',
      {
        title: this.responder.t(
          request,
          preparing ? 'capstones.export.preparingTitle' : 'capstones.export.failedTitle',
        ),
        trail: [
          { href: '/learn', label: this.responder.t(request, 'cohorts.learn.title') },
          {
            href: cohortPath(target.access.institute.slug, target.access.cohort.id),
            label: target.access.cohort.title,
          },
        ],
      },
      {
        preparing,
        version: target.version,
        participantName: target.participantName,
        error: record.error,
        pdfHref: pdfPath(target),
        csrfToken: reply.generateCsrf(),
      },
    );
  }
}

function pdfPath(target: ExportTarget): string {
  return `${cohortPath(target.access.institute.slug, target.access.cohort.id)}/capstone/versions/${target.submissionId}/pdf`;
}
