import { Controller, Get, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PageResponder } from '../../common/http/page-responder.js';
import { loadForSignedIn } from '../../common/http/signed-in-page.js';
import type { MessageValues } from '../../infra/i18n/message-catalog.js';
import { InstituteRoleGuard, InstituteRoles } from '../institutes/institute-role.guard.js';
import { coloured, sendTableCsv, viewTables } from './dashboard-page-models.js';
import { columnChart, horizontalBarChart } from './domain/svg-charts.js';
import { OverviewDashboardsService } from './overview-dashboards.service.js';

type AdminRequest = FastifyRequest<{ Params: { institute: string } }>;

/** The institute dashboard (institute admins and platform admins) and its tables as CSV. */
@ApiExcludeController()
@Controller('i/:institute/admin')
@UseGuards(InstituteRoleGuard)
@InstituteRoles('admin')
export class InstituteDashboardController {
  constructor(
    private readonly dashboards: OverviewDashboardsService,
    private readonly responder: PageResponder,
  ) {}

  @Get('dashboard')
  async page(@Req() request: AdminRequest, @Res() reply: FastifyReply) {
    const institute = request.institute!;
    const dashboard = await this.dashboards.institute(institute);
    const t = (key: string, values?: MessageValues) => this.responder.t(request, key, values);
    const base = `/i/${institute.slug}/admin`;
    // Up to 12 months drawn wide; beyond, narrower columns and a label every few months.
    const monthSlot = Math.max(20, Math.min(56, Math.floor(700 / Math.max(1, dashboard.months.length))));
    return this.responder.render(
      request,
      reply,
      'dashboard-institute',
      {
        title: t('dashboards.institute.title', { institute: institute.name }),
        trail: [{ href: base, label: t('dashboards.institute.administration') }],
      },
      {
        instituteName: institute.name,
        totals: dashboard.totals,
        hasCohorts: dashboard.cohorts.length > 0,
        monthsChart: columnChart(
          dashboard.months.map((row) => ({ label: row.month, value: row.cohorts })),
          { slot: monthSlot, labelEvery: Math.ceil(56 / monthSlot) },
        ),
        completionChart: coloured(
          horizontalBarChart(
            dashboard.cohorts.map((row) => ({
              label: row.title,
              values: [Math.round((row.completionRate ?? 0) * 1000) / 10],
            })),
            { max: 100, labelWidth: 240, valueWidth: 56 },
          ),
        ),
        tables: viewTables(dashboard.tables, (column) => t(`dashboards.columns.${column}`), `${base}/dashboard.csv`),
      },
    );
  }

  @Get('dashboard.csv')
  async csv(@Query('table') table: string | undefined, @Req() request: AdminRequest, @Res() reply: FastifyReply) {
    const institute = request.institute!;
    const dashboard = await this.dashboards.institute(institute);
    return sendTableCsv(reply, dashboard.tables, table, `institute-${institute.slug}`);
  }
}

/** The hub dashboard (hub admins and platform admins): every institute, in aggregates only. */
@ApiExcludeController()
@Controller('hub')
export class HubDashboardController {
  constructor(
    private readonly dashboards: OverviewDashboardsService,
    private readonly responder: PageResponder,
  ) {}

  @Get('dashboard')
  async page(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const allowed = await loadForSignedIn(request, reply, async () => {
      await this.dashboards.hubAccess(request.viewer);
      return true;
    });
    if (!allowed) return reply;
    const dashboard = await this.dashboards.hub();
    const t = (key: string, values?: MessageValues) => this.responder.t(request, key, values);
    return this.responder.render(
      request,
      reply,
      'dashboard-hub',
      { title: t('dashboards.hub.title') },
      {
        totals: dashboard.totals,
        reachChart: coloured(
          horizontalBarChart(
            dashboard.countries.map((group) => ({ label: group.label, values: [group.sums.participants] })),
            { labelWidth: 80, valueWidth: 72 },
          ),
        ),
        tables: viewTables(dashboard.tables, (column) => t(`dashboards.columns.${column}`), '/hub/dashboard.csv'),
      },
    );
  }

  @Get('dashboard.csv')
  async csv(@Query('table') table: string | undefined, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    await this.dashboards.hubAccess(request.viewer);
    const dashboard = await this.dashboards.hub();
    return sendTableCsv(reply, dashboard.tables, table, 'hub');
  }
}
