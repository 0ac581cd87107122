import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PageResponder } from '../../common/http/page-responder.js';
import { StableIdPipe } from '../../common/http/route-params.pipes.js';
import { loadForSignedIn } from '../../common/http/signed-in-page.js';
import { cascadeCsv, CascadeReportService, type CascadeReport } from './cascade-report.service.js';
import { lineageSvg } from './domain/lineage-tree.js';

/**
 * The cascade report of an institute (the hub's covers every institute): tables by generation, trainer and country,
 * the lineage drawn as server-rendered SVG, and the trainers table as CSV. Institute admins only.
 */
@ApiExcludeController()
@Controller('i/:institute/trainers')
export class CascadeReportController {
  constructor(
    private readonly reports: CascadeReportService,
    private readonly responder: PageResponder,
  ) {}

  @Get('cascade')
  async page(
    @Param('institute', StableIdPipe) institute: string,
    @Query('course') course: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const report = await loadForSignedIn(request, reply, () => this.reports.report(request.viewer, institute, course));
    if (!report) return reply;
    const base = `/i/${report.institute.slug}/trainers/cascade`;
    const query = report.course ? `?course=${encodeURIComponent(report.course.id)}` : '';
    return this.responder.render(
      request,
      reply,
      'cascade-report',
      {
        title: this.responder.t(request, 'trainers.cascade.title', { institute: report.institute.name }),
        trail: [
          { href: `/i/${report.institute.slug}/trainers`, label: this.responder.t(request, 'trainers.overview.trail') },
        ],
      },
      {
        ...report,
        courses: report.courses.map((entry) => ({ ...entry, selected: entry.id === report.course?.id })),
        generations: report.generations.map((row) => ({
          ...row,
          changes: (['completionRate', 'passRate', 'capstoneAverage'] as const)
            .filter((what) => row.change[what] !== null)
            .map((what) => ({ what, value: row.change[what] })),
        })),
        action: base,
        csvHref: `${base}.csv${query}`,
        svgHref: `${base}.svg${query}`,
        svg: report.tree.length > 0 ? this.svg(request, report) : null,
      },
    );
  }

  @Get('cascade.csv')
  async csv(
    @Param('institute', StableIdPipe) institute: string,
    @Query('course') course: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const report = await this.reports.report(request.viewer, institute, course);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header(
        'content-disposition',
        `attachment; filename="cascade-${report.institute.slug}-${report.course?.id ?? 'none'}.csv"`,
      )
      .header('cache-control', 'private, no-store')
      .send(cascadeCsv(report));
  }

  @Get('cascade.svg')
  async drawing(
    @Param('institute', StableIdPipe) institute: string,
    @Query('course') course: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const report = await this.reports.report(request.viewer, institute, course);
    return reply
      .header('content-type', 'image/svg+xml; charset=utf-8')
      .header('cache-control', 'private, no-store')
      .send(this.svg(request, report));
  }

  private svg(request: FastifyRequest, report: CascadeReport): string {
    const nodes = report.tree.map((node) =>
      node.kind === 'cohort'
        ? {
            ...node,
            detail: this.responder.t(request, 'trainers.cascade.participantsCount', { count: Number(node.detail) }),
          }
        : node,
    );
    return lineageSvg(
      nodes,
      this.responder.t(request, 'trainers.cascade.treeTitle', { course: report.course?.title ?? '' }),
    );
  }
}
