import { Injectable } from '@nestjs/common';
import type { RequestViewer } from '../../common/auth/viewer.js';
import { NotSignedInError } from '../accounts/accounts.errors.js';
import { mayActAs } from '../accounts/domain/roles.js';
import {
  assignGenerations,
  generationFigures,
  outcomeFigures,
  trainerFigures,
  type GenerationFigures,
  type OutcomeFigures,
  type TrainerFigures,
} from './domain/cascade.js';
import type { TreeNode } from './domain/lineage-tree.js';
import { TrainerPathNotFoundError } from './trainers.errors.js';
import { TrainersRepository, type InstituteRow, type LineageRow } from './trainers.repository.js';

export interface CascadeReport {
  institute: InstituteRow;
  /** True when the viewer sees every institute (hub admins, platform admins). */
  allInstitutes: boolean;
  courses: { id: string; title: string }[];
  course: { id: string; title: string } | null;
  generations: GenerationFigures[];
  trainers: (TrainerFigures & {
    name: string;
    instituteSlug: string;
    country: string;
    certifiedByName: string | null;
  })[];
  countries: (OutcomeFigures & { country: string; trainers: number })[];
  tree: TreeNode[];
}

/**
 * The cascade of one course: who certified whom, the cohorts each trainer led and how their participants did, by
 * generation (the dilution signal) and by country. An institute admin sees their institute's trainers only; the
 * hub's admins and platform admins see every institute. Anyone else is told the page does not exist.
 */
@Injectable()
export class CascadeReportService {
  constructor(private readonly repository: TrainersRepository) {}

  async report(
    viewer: RequestViewer | null | undefined,
    instituteSlug: string,
    courseId: string | undefined,
  ): Promise<CascadeReport> {
    if (!viewer) throw new NotSignedInError();
    const institute = await this.repository.findInstitute(instituteSlug);
    if (!institute || !mayActAs(viewer, institute.id, ['admin'])) throw new TrainerPathNotFoundError();
    const allInstitutes = viewer.isPlatformAdmin || institute.isHub;
    const courses = await this.repository.coursesWithLineage();
    const course = courses.find((entry) => entry.id === courseId) ?? courses[0] ?? null;
    const empty = { institute, allInstitutes, courses, course, generations: [], trainers: [], countries: [], tree: [] };
    if (!course) return empty;
    if (courseId !== undefined && course.id !== courseId) throw new TrainerPathNotFoundError();

    const [lineage, outcomes, cohorts] = await Promise.all([
      this.repository.lineage(course.id),
      this.repository.cascadeOutcomes(course.id),
      this.repository.cascadeCohorts(course.id),
    ]);
    const generations = assignGenerations(
      lineage.map((row) => ({ trainerId: row.trainerId, certifiedBy: row.certifiedBy })),
    );
    const visible = (row: LineageRow) => allInstitutes || row.instituteSlug === institute.slug;
    const shown = lineage.filter(visible);
    const shownIds = new Set(shown.map((row) => row.trainerId));
    const shownGenerations = new Map([...generations].filter(([id]) => shownIds.has(id)));
    const shownOutcomes = outcomes.filter((row) => shownIds.has(row.trainerId));
    const byId = new Map(lineage.map((row) => [row.trainerId, row]));

    const trainers = trainerFigures(shownGenerations, shownOutcomes).map((figures) => {
      const row = byId.get(figures.trainerId)!;
      const certifier = row.certifiedBy ? byId.get(row.certifiedBy) : undefined;
      return {
        ...figures,
        name: row.trainerName,
        instituteSlug: row.instituteSlug,
        country: row.country.trim(),
        // A certifier outside the viewer's institute is named only for those who see every institute.
        certifiedByName: certifier && visible(certifier) ? certifier.trainerName : null,
      };
    });
    // Readers look people up by name: within a generation, alphabetical (ids only break ties between namesakes).
    trainers.sort(
      (a, b) =>
        (a.generation ?? Infinity) - (b.generation ?? Infinity) ||
        a.name.localeCompare(b.name) ||
        a.trainerId.localeCompare(b.trainerId),
    );
    const countries = [...new Set(shown.map((row) => row.country.trim()))].sort().map((country) => {
      const ids = new Set(shown.filter((row) => row.country.trim() === country).map((row) => row.trainerId));
      return { country, trainers: ids.size, ...outcomeFigures(shownOutcomes.filter((row) => ids.has(row.trainerId))) };
    });
    const tree: TreeNode[] = [
      ...trainers.map((trainer) => ({
        id: trainer.trainerId,
        parentId: byId.get(trainer.trainerId)?.certifiedBy ?? null,
        kind: 'trainer' as const,
        label: trainer.name,
        detail: `G${trainer.generation ?? '?'} · ${trainer.instituteSlug}`,
      })),
      ...cohorts
        .filter((cohort) => shownIds.has(cohort.trainerId))
        .map((cohort) => ({
          id: `${cohort.cohortId}:${cohort.trainerId}`,
          parentId: cohort.trainerId,
          kind: 'cohort' as const,
          label: cohort.title,
          detail: `${cohort.participants}`,
        })),
    ];
    return {
      institute,
      allInstitutes,
      courses,
      course,
      generations: generationFigures(shownGenerations, shownOutcomes),
      trainers,
      countries,
      tree,
    };
  }
}

/** The trainers table as CSV (RFC 4180, a header row; rates as fractions, averages as percents). */
export function cascadeCsv(report: CascadeReport): string {
  const header = [
    'course',
    'generation',
    'trainer',
    'institute',
    'country',
    'certified_by',
    'cohorts',
    'participants',
    'completed',
    'passed',
    'completion_rate',
    'pass_rate',
    'capstone_average',
  ];
  const cell = (value: string | number | null) => {
    const text = value === null ? '' : String(value);
    return /[",\n\r]/.test(text) || /^[=+\-@]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const rate = (value: number | null) => (value === null ? null : Math.round(value * 10000) / 10000);
  const rows = report.trainers.map((trainer) =>
    [
      report.course?.id ?? '',
      trainer.generation,
      trainer.name,
      trainer.instituteSlug,
      trainer.country,
      trainer.certifiedByName,
      trainer.cohorts,
      trainer.participants,
      trainer.completed,
      trainer.passed,
      rate(trainer.completionRate),
      rate(trainer.passRate),
      trainer.capstoneAverage,
    ]
      .map(cell)
      .join(','),
  );
  return [header.join(','), ...rows].join('\r\n') + '\r\n';
}
