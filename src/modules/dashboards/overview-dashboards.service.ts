import { Injectable } from '@nestjs/common';
import type { RequestViewer } from '../../common/auth/viewer.js';
import { NotSignedInError } from '../accounts/accounts.errors.js';
import type { InstituteView } from '../institutes/institutes.service.js';
import { DashboardsRepository, type HubInstituteRow, type InstituteCohortRow } from './dashboards.repository.js';
import { DashboardNotFoundError } from './dashboards.errors.js';
import type { DashboardTable, TableCell } from './domain/dashboard-table.js';
import { rate } from './domain/figures.js';
import { groupSums, monthOf, monthRange, type Group } from './domain/rollups.js';

const COHORT_FIELDS = ['participants', 'withdrawn', 'completed', 'certificates'] as const;
type CohortField = (typeof COHORT_FIELDS)[number];
const HUB_FIELDS = ['cohorts', 'participants', 'enrolments', 'completed', 'certificates', 'trainers'] as const;
type HubField = (typeof HUB_FIELDS)[number];

/** A group of cohorts with its completion rate: completers over participants. */
export interface CohortGroup extends Group<CohortField> {
  completionRate: number | null;
}

export interface InstituteDashboard {
  cohorts: (InstituteCohortRow & { completionRate: number | null })[];
  months: { month: string; cohorts: number; participants: number }[];
  courses: CohortGroup[];
  trainers: CohortGroup[];
  totals: CohortGroup;
  tables: DashboardTable[];
}

export interface HubGroup extends Group<HubField> {
  completionRate: number | null;
}

export interface HubDashboard {
  institutes: (HubInstituteRow & { completionRate: number | null })[];
  countries: HubGroup[];
  totals: HubGroup;
  tables: DashboardTable[];
}

const NO_TRAINER = { key: '~', label: '' };

/** Institute and hub dashboards: per-cohort and per-institute aggregates from SQL, grouped here. */
@Injectable()
export class OverviewDashboardsService {
  constructor(private readonly repository: DashboardsRepository) {}

  async institute(institute: InstituteView): Promise<InstituteDashboard> {
    const rows = await this.repository.instituteCohorts(institute.id);
    const withRate = <G extends Group<CohortField>>(group: G) => ({
      ...group,
      completionRate: rate(group.sums.completed, group.sums.participants),
    });
    const cohorts = rows.map((row) => ({ ...row, completionRate: rate(row.completed, row.participants) }));
    const byMonth = groupSums(
      rows,
      (row) => [{ key: monthOf(row.startDate), label: monthOf(row.startDate) }],
      COHORT_FIELDS,
    );
    const monthCounts = new Map(byMonth.map((group) => [group.key, group]));
    const months =
      byMonth.length === 0
        ? []
        : monthRange(byMonth[0].key, byMonth[byMonth.length - 1].key).map((month) => ({
            month,
            cohorts: monthCounts.get(month)?.rows ?? 0,
            participants: monthCounts.get(month)?.sums.participants ?? 0,
          }));
    const courses = groupSums(rows, (row) => [{ key: row.courseId, label: row.courseTitle }], COHORT_FIELDS).map(
      withRate,
    );
    // A cohort counts for each of its trainers; cohorts with no trainer recorded form their own group, last.
    const trainers = groupSums(
      rows,
      (row) =>
        row.trainers.length === 0
          ? [NO_TRAINER]
          : row.trainers.map((trainer) => ({
              key: `${trainer.fullName}\u0000${trainer.userId}`,
              label: trainer.fullName,
            })),
      COHORT_FIELDS,
    ).map(withRate);
    const totals = withRate(
      groupSums(rows, () => [{ key: 'all', label: '' }], COHORT_FIELDS)[0] ?? {
        key: 'all',
        label: '',
        rows: 0,
        sums: { participants: 0, withdrawn: 0, completed: 0, certificates: 0 },
      },
    );
    const dashboard = { cohorts, months, courses, trainers, totals };
    return { ...dashboard, tables: instituteTables(dashboard) };
  }

  /** Platform admins and the hub's admins; everyone else is told there is no such page. */
  async hubAccess(viewer: RequestViewer | null | undefined): Promise<void> {
    if (!viewer) throw new NotSignedInError();
    if (viewer.isPlatformAdmin) return;
    const hubId = await this.repository.hubInstituteId();
    const isHubAdmin = viewer.memberships.some((grant) => grant.instituteId === hubId && grant.role === 'admin');
    if (!hubId || !isHubAdmin) throw new DashboardNotFoundError();
  }

  async hub(): Promise<HubDashboard> {
    const rows = await this.repository.hubInstitutes();
    const withRate = (group: Group<HubField>) => ({
      ...group,
      completionRate: rate(group.sums.completed, group.sums.enrolments),
    });
    const institutes = rows.map((row) => ({ ...row, completionRate: rate(row.completed, row.enrolments) }));
    const countries = groupSums(rows, (row) => [{ key: row.country, label: row.country }], HUB_FIELDS).map(withRate);
    const totals = withRate(
      groupSums(rows, () => [{ key: 'all', label: '' }], HUB_FIELDS)[0] ?? {
        key: 'all',
        label: '',
        rows: 0,
        sums: { cohorts: 0, participants: 0, enrolments: 0, completed: 0, certificates: 0, trainers: 0 },
      },
    );
    const dashboard = { institutes, countries, totals };
    return { ...dashboard, tables: hubTables(dashboard) };
  }
}

function groupRow(group: CohortGroup, label: string): TableCell[] {
  return [
    label,
    group.rows,
    group.sums.participants,
    group.sums.withdrawn,
    group.sums.completed,
    { ratio: group.completionRate },
    group.sums.certificates,
  ];
}

const GROUP_COLUMNS = ['cohorts', 'participants', 'withdrawn', 'completed', 'completion_percent', 'certificates'];

export function instituteTables(dashboard: Omit<InstituteDashboard, 'tables'>): DashboardTable[] {
  return [
    {
      id: 'cohorts',
      columns: [
        'cohort',
        'start_date',
        'course',
        'trainers',
        'participants',
        'withdrawn',
        'completed',
        'completion_percent',
        'certificates',
      ],
      rows: dashboard.cohorts.map((row) => [
        row.title,
        row.startDate,
        row.courseTitle,
        row.trainers.map((trainer) => trainer.fullName).join('; '),
        row.participants,
        row.withdrawn,
        row.completed,
        { ratio: row.completionRate },
        row.certificates,
      ]),
    },
    {
      id: 'months',
      columns: ['month', 'cohorts', 'participants'],
      rows: dashboard.months.map((row) => [row.month, row.cohorts, row.participants]),
    },
    {
      id: 'courses',
      columns: ['course', ...GROUP_COLUMNS],
      rows: dashboard.courses.map((group) => groupRow(group, group.label)),
    },
    {
      id: 'trainers',
      columns: ['trainer', ...GROUP_COLUMNS],
      rows: dashboard.trainers.map((group) => groupRow(group, group.label)),
    },
    { id: 'totals', columns: GROUP_COLUMNS, rows: [groupRow(dashboard.totals, '').slice(1)] },
  ];
}

function hubRow(label: TableCell[], group: HubGroup): TableCell[] {
  return [
    ...label,
    group.sums.cohorts,
    group.sums.participants,
    group.sums.enrolments,
    group.sums.completed,
    { ratio: group.completionRate },
    group.sums.certificates,
    group.sums.trainers,
  ];
}

const HUB_COLUMNS = [
  'cohorts',
  'participants',
  'enrolments',
  'completed',
  'completion_percent',
  'certificates',
  'trainers',
];

export function hubTables(dashboard: Omit<HubDashboard, 'tables'>): DashboardTable[] {
  return [
    {
      id: 'institutes',
      columns: ['institute', 'country', ...HUB_COLUMNS],
      rows: dashboard.institutes.map((row) => [
        row.name,
        row.country,
        row.cohorts,
        row.participants,
        row.enrolments,
        row.completed,
        { ratio: row.completionRate },
        row.certificates,
        row.trainers,
      ]),
    },
    {
      id: 'countries',
      columns: ['country', 'institutes', ...HUB_COLUMNS],
      rows: dashboard.countries.map((group) => hubRow([group.label, group.rows], group)),
    },
    {
      id: 'totals',
      columns: ['institutes', ...HUB_COLUMNS],
      rows: [hubRow([dashboard.totals.rows], dashboard.totals)],
    },
  ];
}
