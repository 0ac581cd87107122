import { Injectable } from '@nestjs/common';
import { DomainError } from '../../common/domain-error.js';
import type { RequestViewer } from '../../common/auth/viewer.js';
import { AccountsRepository } from '../accounts/accounts.repository.js';
import { ContentService } from '../content/content.service.js';
import type { InstituteView } from '../institutes/institutes.service.js';
import { parseEnrolmentCsv, type EnrolmentProblem, type EnrolmentRow } from '../enrolments/domain/enrolment-csv.js';
import { CohortsRepository } from './cohorts.repository.js';
import { CohortFullError, CohortNotFoundError } from './cohorts.errors.js';
import { deriveSchedule, formatInTimeZone, isValidLocalDate, isValidTimeZone } from './domain/cohort-schedule.js';

export interface EnrolmentReport {
  applied: boolean;
  rows: number;
  problems: EnrolmentProblem[];
  newPeople: number;
  participants: number;
  trainers: number;
}

export interface NewCohortForm {
  title: string;
  courseSlug: string;
  startDate: string;
  timeZone: string;
  capacity: number;
  enrolmentOpens: string;
  enrolmentCloses: string;
  trainerIds: string[];
}

/** What an institute admin does with cohorts: create them, enrol people (one or a CSV file), withdraw. */
@Injectable()
export class CohortAdminService {
  constructor(
    private readonly cohorts: CohortsRepository,
    private readonly accounts: AccountsRepository,
    private readonly content: ContentService,
  ) {}

  async overview(institute: InstituteView) {
    const [cohorts, people, courses] = await Promise.all([
      this.cohorts.listCohorts(institute.id),
      this.accounts.listInstitutePeople(institute.id),
      this.content.listCourses(),
    ]);
    return { cohorts, people, courses, trainers: people.filter((person) => person.roles.includes('trainer')) };
  }

  async cohortDetail(institute: InstituteView, cohortId: string) {
    const cohort = await this.cohorts.findCohort(institute.id, cohortId);
    if (!cohort) throw new CohortNotFoundError();
    const [enrolments, trainers, course] = await Promise.all([
      this.cohorts.listEnrolmentHistory(institute.id, cohort.id),
      this.cohorts.listCohortTrainers(institute.id, cohort.id),
      this.content.getCourseVersion(cohort.courseVersionId),
    ]);
    return {
      cohort,
      course,
      trainers,
      enrolled: enrolments.filter((enrolment) => enrolment.status === 'enrolled').length,
      enrolments: enrolments.map((enrolment) => ({
        ...enrolment,
        enrolledAt: formatInTimeZone(enrolment.enrolledAt, cohort.timeZone),
        withdrawnAt: enrolment.withdrawnAt ? formatInTimeZone(enrolment.withdrawnAt, cohort.timeZone) : null,
      })),
    };
  }

  async createCohort(institute: InstituteView, form: NewCohortForm, actor: RequestViewer) {
    const problems: string[] = [];
    if (!form.title.trim()) problems.push('title: give the cohort a name');
    if (!isValidLocalDate(form.startDate)) problems.push('startDate: must be a date (YYYY-MM-DD)');
    if (!isValidTimeZone(form.timeZone))
      problems.push(`timeZone: "${form.timeZone}" is not a time zone (e.g. Africa/Dakar)`);
    if (!Number.isInteger(form.capacity) || form.capacity < 1 || form.capacity > 10_000)
      problems.push('capacity: a whole number from 1 to 10000');
    const opens = new Date(`${form.enrolmentOpens}T00:00:00Z`);
    const closes = new Date(`${form.enrolmentCloses}T23:59:59Z`);
    if (!isValidLocalDate(form.enrolmentOpens) || !isValidLocalDate(form.enrolmentCloses) || opens >= closes) {
      problems.push('enrolment window: opening date must come before closing date');
    }
    const people = await this.accounts.listInstitutePeople(institute.id);
    const trainerIds = new Set(
      people.filter((person) => person.roles.includes('trainer')).map((person) => person.userId),
    );
    for (const trainerId of form.trainerIds)
      if (!trainerIds.has(trainerId)) problems.push('trainers: only trainers of this institute can run its cohorts');
    if (problems.length > 0) throw new DomainError('VALIDATION_FAILED', problems.join('; '), { problems });

    const latest = await this.content.getCourse(form.courseSlug);
    const schedule = deriveSchedule({
      startDate: form.startDate,
      timeZone: form.timeZone,
      modules: latest.modules.map((module) => ({
        id: module.id,
        number: module.number,
        weekNumber: module.weekNumber,
      })),
    });
    return this.cohorts.transaction((manager) =>
      this.cohorts.createCohort(
        manager,
        institute.id,
        {
          courseVersionId: latest.versionId,
          title: form.title.trim(),
          startDate: form.startDate,
          timeZone: form.timeZone,
          capacity: form.capacity,
          enrolmentOpensAt: opens,
          enrolmentClosesAt: closes,
          schedule: {
            moduleUnlocks: schedule.moduleUnlocks.map((unlock) => ({
              moduleId: unlock.moduleId,
              opensAt: unlock.opensAt.toISOString(),
            })),
            capstoneDueAt: schedule.capstoneDueAt.toISOString(),
            peerReviewDueAt: schedule.peerReviewDueAt.toISOString(),
            endsAt: schedule.endsAt.toISOString(),
          },
          trainerIds: form.trainerIds,
        },
        actor.userId,
      ),
    );
  }

  /**
   * Enrols the people of a CSV file. A dry run only reports; applying writes everything in one transaction,
   * and nothing at all when any row is wrong or the cohort would overflow.
   */
  async enrolFromCsv(
    institute: InstituteView,
    cohortId: string,
    file: Buffer,
    apply: boolean,
    actor: RequestViewer,
  ): Promise<EnrolmentReport> {
    const parsed = parseEnrolmentCsv(file);
    return this.enrolRows(institute, cohortId, parsed.rows, parsed.problems, apply, actor);
  }

  async enrolOne(
    institute: InstituteView,
    cohortId: string,
    person: { email: string; fullName: string },
    actor: RequestViewer,
  ) {
    const csv = `email,full_name\n"${person.email.replace(/"/g, '""')}","${person.fullName.replace(/"/g, '""')}"\n`;
    const parsed = parseEnrolmentCsv(csv);
    return this.enrolRows(
      institute,
      cohortId,
      parsed.rows,
      parsed.problems.map((problem) => ({ ...problem, line: 0 })),
      true,
      actor,
    );
  }

  async withdraw(
    institute: InstituteView,
    cohortId: string,
    enrolmentId: string,
    actor: RequestViewer,
  ): Promise<boolean> {
    return this.cohorts.transaction((manager) =>
      this.cohorts.withdraw(manager, institute.id, cohortId, enrolmentId, actor.userId),
    );
  }

  private async enrolRows(
    institute: InstituteView,
    cohortId: string,
    rows: EnrolmentRow[],
    problems: EnrolmentProblem[],
    apply: boolean,
    actor: RequestViewer,
  ): Promise<EnrolmentReport> {
    const cohort = await this.cohorts.findCohort(institute.id, cohortId);
    if (!cohort) throw new CohortNotFoundError();
    const participants = rows.filter((row) => row.role === 'participant').length;
    const report: EnrolmentReport = {
      applied: false,
      rows: rows.length,
      problems,
      newPeople: 0,
      participants,
      trainers: rows.length - participants,
    };
    for (const row of rows) if (!(await this.accounts.findUserByEmail(row.email))) report.newPeople++;
    if (!apply || problems.length > 0) return report;
    try {
      await this.cohorts.transaction(async (manager) => {
        for (const row of rows) {
          const { user } = await this.accounts.ensureUser(manager, {
            email: row.email,
            fullName: row.fullName,
            passwordHash: null,
            preferredLanguage: row.language ?? undefined,
          });
          await this.accounts.grantRole(manager, {
            instituteId: institute.id,
            userId: user.id,
            role: row.role,
            actorUserId: actor.userId,
          });
          if (row.role === 'trainer')
            await this.cohorts.addCohortTrainer(manager, institute.id, cohort.id, user.id, actor.userId);
          else await this.cohorts.enrol(manager, institute.id, cohort.id, user.id, actor.userId);
        }
      });
    } catch (error) {
      if (error instanceof CohortFullError) return { ...report, problems: [{ line: 0, message: error.message }] };
      throw error;
    }
    return { ...report, applied: true };
  }
}
