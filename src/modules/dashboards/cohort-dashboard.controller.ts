import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { MessageValues } from '../../infra/i18n/message-catalog.js';
import { PageResponder } from '../../common/http/page-responder.js';
import { StableIdPipe } from '../../common/http/route-params.pipes.js';
import { loadForSignedIn } from '../../common/http/signed-in-page.js';
import { cohortPath } from '../cohorts/learning.service.js';
import { CohortDashboardService, type CohortDashboard } from './cohort-dashboard.service.js';
import { coloured, sendTableCsv, viewTables, type ViewTable } from './dashboard-page-models.js';
import { columnChart, horizontalBarChart } from './domain/svg-charts.js';

/** The cohort dashboard (the cohort's trainers and the institute's admins) and its tables as CSV. */
@ApiExcludeController()
@Controller('i/:institute/cohorts/:cohortId')
export class CohortDashboardController {
  constructor(
    private readonly dashboards: CohortDashboardService,
    private readonly responder: PageResponder,
  ) {}

  @Get('dashboard')
  async page(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const access = await loadForSignedIn(request, reply, () =>
      this.dashboards.staffAccess(request.viewer, institute, cohortId),
    );
    if (!access) return reply;
    const dashboard = await this.dashboards.dashboard(access);
    const base = cohortPath(access.institute.slug, access.cohort.id);
    const t = (key: string, values?: MessageValues) => this.responder.t(request, key, values);
    return this.responder.render(
      request,
      reply,
      'dashboard-cohort',
      {
        title: t('dashboards.cohort.title', { cohort: access.cohort.title }),
        trail: [
          { href: '/learn', label: t('layout.myLearning') },
          { href: base, label: access.cohort.title },
        ],
      },
      this.model(dashboard, base, t),
    );
  }

  @Get('dashboard.csv')
  async csv(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Query('table') table: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const access = await this.dashboards.staffAccess(request.viewer, institute, cohortId);
    const dashboard = await this.dashboards.dashboard(access);
    return sendTableCsv(reply, dashboard.tables, table, `cohort-${access.cohort.id}`);
  }

  private model(dashboard: CohortDashboard, base: string, t: (key: string, values?: MessageValues) => string) {
    const { funnel, capstone, quizzes, peerReview, atRisk } = dashboard;
    const funnelChart = coloured(
      horizontalBarChart(
        funnel.map((row) => ({ label: `${row.number}. ${row.title}`, values: [row.started, row.completed] })),
        { max: Math.max(1, dashboard.enrolment.active), labelWidth: 220 },
      ),
    );
    const histogram = columnChart(
      capstone.bins.map((bin) => ({ label: `${bin.from}`, value: bin.count })),
      { slot: 44 },
    );
    const moduleTitle = new Map(funnel.map((row) => [row.key, `${row.number}. ${row.title}`]));
    const titles = (keys: readonly string[]) => keys.map((key) => moduleTitle.get(key) ?? key).join(', ');
    return {
      cohortTitle: dashboard.access.cohort.title,
      now: dashboard.now,
      timeZone: dashboard.access.cohort.timeZone,
      graceDays: dashboard.graceDays,
      enrolment: dashboard.enrolment,
      certificates: dashboard.certificates,
      funnelChart,
      hasFunnel: funnel.length > 0,
      histogram,
      capstone,
      hasQuizzes: quizzes.length > 0,
      quizzes,
      peerReview,
      hasAlpha: peerReview !== null && peerReview.alpha !== null,
      atRisk: atRisk.map((person) => ({
        fullName: person.fullName,
        email: person.email,
        reasons: person.reasons.map((reason) => {
          switch (reason.kind) {
            case 'behind':
              return t('dashboards.cohort.reasonBehind', {
                count: reason.moduleKeys.length,
                modules: titles(reason.moduleKeys),
                days: dashboard.graceDays,
              });
            case 'quiz-missed':
              return t('dashboards.cohort.reasonQuiz', {
                count: reason.moduleKeys.length,
                modules: titles(reason.moduleKeys),
              });
            case 'capstone-missed':
              return t('dashboards.cohort.reasonCapstone', { due: reason.dueAt });
            case 'reviews-missed':
              return t('dashboards.cohort.reasonReviews', { count: reason.count });
          }
        }),
      })),
      tables: withFigureNames(
        viewTables(dashboard.tables, (column) => t(`dashboards.columns.${column}`), `${base}/dashboard.csv`),
        (figure) => t(`dashboards.figures.${figure}`),
      ),
      moderationHref: `${base}/peer-review/moderation`,
    };
  }
}

/** The summary's first column holds stable figure names (the CSV's); the page shows them in the reader's language. */
function withFigureNames(tables: Record<string, ViewTable>, name: (figure: string) => string) {
  const summary = tables.summary;
  return {
    ...tables,
    summary: {
      ...summary,
      rows: summary.rows.map(([figure, ...rest]) => [{ ...figure, text: name(figure.text) }, ...rest]),
    },
  };
}
