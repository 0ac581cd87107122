import { Injectable } from '@nestjs/common';
import { resolvePeerReviewSettings } from '../peer-review/domain/peer-review-settings.js';
import { DomainError } from '../../common/domain-error.js';
import type { RequestViewer } from '../../common/auth/viewer.js';
import { AccountsRepository } from '../accounts/accounts.repository.js';
import { InvitationsService } from '../accounts/invitations.service.js';
import { CourseCopiesService } from '../localization/course-copies.service.js';
import { ContentService } from '../content/content.service.js';
import type { InstituteView } from '../institutes/institutes.service.js';
import { parseEnrolmentCsv, type EnrolmentProblem, type EnrolmentRow } from '../enrolments/domain/enrolment-csv.js';
import { organizationConflicts } from '../enrolments/domain/organization.js';
import { CohortsRepository } from './cohorts.repository.js';
import { CohortFullError, CohortNotFoundError } from './cohorts.errors.js';
import {
  applyScheduleOverrides,
  deriveSchedule,
  formatInTimeZone,
  instantToLocalDateTime,
  isValidLocalDate,
  isValidTimeZone,
  localDateTimeToInstant,
  ScheduleError,
} from './domain/cohort-schedule.js';
import { fromStoredSchedule, toStoredSchedule } from './domain/stored-schedule.js';
import type { InstituteRole } from '../accounts/domain/roles.js';

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
  /** A copy of the institute (its slug) the cohort is taught from; its course replaces courseSlug. */
  courseCopy?: string;
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
    private readonly invitations: InvitationsService,
    private readonly copies: CourseCopiesService,
  ) {}

  /** Invites a person into the institute with a role; they choose their password from the e-mailed link. */
  async invite(
    institute: InstituteView,
    person: { email: string; fullName: string; role: InstituteRole },
    actor: RequestViewer,
  ) {
    const email = person.email.trim().toLowerCase();
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || !person.fullName.trim()) {
      throw new DomainError('VALIDATION_FAILED', 'Give an e-mail address and a full name.');
    }
    await this.invitations.inviteUser({
      email,
      fullName: person.fullName.trim(),
      instituteId: institute.id,
      role: person.role,
      actorUserId: actor.userId,
    });
  }

  async overview(institute: InstituteView) {
    const [cohorts, people, courses, copies] = await Promise.all([
      this.cohorts.listCohorts(institute.id),
      this.accounts.listInstitutePeople(institute.id),
      this.content.listCourses(),
      this.copies.listCopies(institute),
    ]);
    return {
      cohorts,
      people,
      courses,
      copies,
      trainers: people.filter((person) => person.roles.includes('trainer')),
    };
  }

  async cohortDetail(institute: InstituteView, cohortId: string) {
    const cohort = await this.cohorts.findCohort(institute.id, cohortId);
    if (!cohort) throw new CohortNotFoundError();
    const [enrolments, trainers, course] = await Promise.all([
      this.cohorts.listEnrolmentHistory(institute.id, cohort.id),
      this.cohorts.listCohortTrainers(institute.id, cohort.id),
      this.content.getCourseVersion(cohort.courseVersionId),
    ]);
    const zone = cohort.timeZone;
    const titles = new Map(course.modules.map((module) => [module.id, `${module.number}. ${module.title}`]));
    return {
      cohort,
      course,
      trainers,
      scheduleForm: {
        unlocks: cohort.schedule.moduleUnlocks.map((unlock) => ({
          moduleId: unlock.moduleId,
          label: titles.get(unlock.moduleId) ?? unlock.moduleId,
          value: instantToLocalDateTime(new Date(unlock.opensAt), zone),
        })),
        capstoneDueAt: instantToLocalDateTime(new Date(cohort.schedule.capstoneDueAt), zone),
        peerReviewDueAt: instantToLocalDateTime(new Date(cohort.schedule.peerReviewDueAt), zone),
      },
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
    const copySlug = form.courseCopy?.trim() ?? '';
    const copy = copySlug
      ? (await this.copies.listCopies(institute)).find((candidate) => candidate.slug === copySlug)
      : undefined;
    if (copySlug && !copy) problems.push(`courseCopy: this institute has no course copy "${copySlug}"`);
    if (problems.length > 0) throw new DomainError('VALIDATION_FAILED', problems.join('; '), { problems });

    // A cohort on a copy runs the newest master version of the copy's course; the copy overlays its text.
    const latest = await this.content.getCourse(copy ? copy.courseSlug : form.courseSlug);
    const schedule = deriveSchedule({
      startDate: form.startDate,
      timeZone: form.timeZone,
      peerReviewDays: resolvePeerReviewSettings(latest.peerReview).windowDays,
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
          courseCopyId: copy?.id ?? null,
          title: form.title.trim(),
          startDate: form.startDate,
          timeZone: form.timeZone,
          capacity: form.capacity,
          enrolmentOpensAt: opens,
          enrolmentClosesAt: closes,
          schedule: toStoredSchedule(schedule),
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
    person: { email: string; fullName: string; organization?: string },
    actor: RequestViewer,
  ) {
    const cells = [person.email, person.fullName, person.organization ?? ''];
    const parsed = parseEnrolmentCsv(`email,full_name,organization\n${cells.map(quoteCell).join(',')}\n`);
    return this.enrolRows(
      institute,
      cohortId,
      parsed.rows,
      parsed.problems.map((problem) => ({ ...problem, line: 0 })),
      true,
      actor,
    );
  }

  /**
   * Edits the schedule from wall-clock times in the cohort's zone. The result must keep modules in order and
   * deadlines after the last opening; the change and the schedule before it go to the audit log.
   */
  async editSchedule(institute: InstituteView, cohortId: string, form: Record<string, unknown>, actor: RequestViewer) {
    const cohort = await this.cohorts.findCohort(institute.id, cohortId);
    if (!cohort) throw new CohortNotFoundError();
    const zone = cohort.timeZone;
    const problems: string[] = [];
    const instant = (field: string, label: string) => {
      const value = form[field];
      const parsed = typeof value === 'string' ? localDateTimeToInstant(value, zone) : null;
      if (!parsed) problems.push(`${label}: a date and time (YYYY-MM-DDTHH:MM) in ${zone}`);
      return parsed ?? undefined;
    };
    const moduleUnlocks: Record<string, Date> = {};
    for (const unlock of cohort.schedule.moduleUnlocks) {
      const opensAt = instant(`unlock_${unlock.moduleId}`, `opening of ${unlock.moduleId}`);
      if (opensAt) moduleUnlocks[unlock.moduleId] = opensAt;
    }
    const capstoneDueAt = instant('capstoneDueAt', 'capstone due');
    const peerReviewDueAt = instant('peerReviewDueAt', 'peer reviews due');
    if (problems.length > 0) throw new DomainError('VALIDATION_FAILED', problems.join('; '), { problems });
    let schedule;
    try {
      schedule = applyScheduleOverrides(fromStoredSchedule(cohort.schedule), {
        moduleUnlocks,
        capstoneDueAt,
        peerReviewDueAt,
      });
    } catch (error) {
      if (error instanceof ScheduleError)
        throw new DomainError('VALIDATION_FAILED', error.message, { code: error.code });
      throw error;
    }
    await this.cohorts.transaction((manager) =>
      this.cohorts.updateCohort(
        manager,
        institute.id,
        cohort.id,
        { schedule: toStoredSchedule(schedule) },
        actor.userId,
      ),
    );
  }

  /** Title and capacity; capacity never below the people already enrolled. */
  async editSettings(
    institute: InstituteView,
    cohortId: string,
    settings: { title: string; capacity: number },
    actor: RequestViewer,
  ) {
    const title = settings.title.trim();
    if (!title) throw new DomainError('VALIDATION_FAILED', 'title: give the cohort a name');
    if (!Number.isInteger(settings.capacity) || settings.capacity < 1 || settings.capacity > 10_000) {
      throw new DomainError('VALIDATION_FAILED', 'capacity: a whole number from 1 to 10000');
    }
    await this.cohorts.transaction(async (manager) => {
      const cohort = await this.cohorts.findCohort(institute.id, cohortId);
      if (!cohort) throw new CohortNotFoundError();
      const enrolled = await this.cohorts.countActiveEnrolments(manager, institute.id, cohortId);
      if (settings.capacity < enrolled) {
        throw new DomainError(
          'VALIDATION_FAILED',
          `capacity: ${enrolled} people are enrolled already; withdraw some first`,
        );
      }
      await this.cohorts.updateCohort(
        manager,
        institute.id,
        cohortId,
        { title, capacity: settings.capacity },
        actor.userId,
      );
    });
  }

  async grantRole(institute: InstituteView, userId: string, role: InstituteRole, actor: RequestViewer) {
    if (!(await this.accounts.holdsAnyRole(institute.id, userId)))
      throw new DomainError('PERSON_NOT_FOUND', 'No such person in this institute');
    await this.accounts.transaction((manager) =>
      this.accounts.grantRole(manager, { instituteId: institute.id, userId, role, actorUserId: actor.userId }),
    );
  }

  async revokeRole(institute: InstituteView, userId: string, role: InstituteRole, actor: RequestViewer) {
    // An institute must not be left without the admin who could repair it.
    if (userId === actor.userId && role === 'admin') {
      throw new DomainError('VALIDATION_FAILED', 'You cannot remove your own admin role; ask another admin.');
    }
    if (!(await this.accounts.holdsAnyRole(institute.id, userId)))
      throw new DomainError('PERSON_NOT_FOUND', 'No such person in this institute');
    await this.accounts.transaction((manager) =>
      this.accounts.revokeRole(manager, { instituteId: institute.id, userId, role, actorUserId: actor.userId }),
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

  /** An external id names one person in an institute, and a person has one external id there. */
  private async externalIdConflicts(institute: InstituteView, rows: EnrolmentRow[]): Promise<EnrolmentProblem[]> {
    const withIds = rows.filter((row) => row.externalId);
    const known = await this.accounts.findExternalIds(
      institute.id,
      withIds.map((row) => row.externalId!),
      withIds.map((row) => row.email),
    );
    const problems: EnrolmentProblem[] = [];
    for (const row of withIds) {
      const owner = known.find((entry) => entry.externalId === row.externalId);
      if (owner && owner.email !== row.email) {
        problems.push({
          line: row.line,
          column: 'external_id',
          message: `"${row.externalId}" already belongs to ${owner.email} in this institute`,
        });
        continue;
      }
      const other = known.find((entry) => entry.email === row.email && entry.externalId !== row.externalId);
      if (other)
        problems.push({
          line: row.line,
          column: 'external_id',
          message: `${row.email} already has the external id "${other.externalId}" here`,
        });
    }
    return problems;
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
    const existing = await this.accounts.findExistingEmails(rows.map((row) => row.email));
    report.newPeople = rows.filter((row) => !existing.has(row.email)).length;
    const enrolled = await this.cohorts.activeOrganizations(
      institute.id,
      cohort.id,
      rows.map((row) => row.email),
    );
    report.problems = [
      ...problems,
      ...(await this.externalIdConflicts(institute, rows)),
      ...organizationConflicts(rows, enrolled),
    ].sort((a, b) => a.line - b.line);
    if (!apply || report.problems.length > 0) return report;
    const created: EnrolmentRow[] = [];
    try {
      await this.cohorts.transaction(async (manager) => {
        created.length = 0; // a retried transaction starts over
        for (const row of rows) {
          const { user, created: isNew } = await this.accounts.ensureUser(manager, {
            email: row.email,
            fullName: row.fullName,
            passwordHash: null,
            preferredLanguage: row.language ?? undefined,
          });
          if (isNew) created.push(row);
          if (row.externalId) await this.accounts.linkExternalId(manager, institute.id, user.id, row.externalId);
          await this.accounts.grantRole(manager, {
            instituteId: institute.id,
            userId: user.id,
            role: row.role,
            actorUserId: actor.userId,
          });
          if (row.role === 'trainer')
            await this.cohorts.addCohortTrainer(manager, institute.id, cohort.id, user.id, actor.userId);
          else await this.cohorts.enrol(manager, institute.id, cohort.id, user.id, actor.userId, row.organization);
        }
      });
    } catch (error) {
      if (error instanceof CohortFullError) return { ...report, problems: [{ line: 0, message: error.message }] };
      throw error;
    }
    // New people have no password yet: each gets an invitation to choose one (sent by the worker).
    for (const row of created) {
      await this.invitations.inviteUser({
        email: row.email,
        fullName: row.fullName,
        instituteId: institute.id,
        role: row.role,
        actorUserId: actor.userId,
      });
    }
    return { ...report, applied: true };
  }
}

function quoteCell(value: string): string {
  return `"${value.replace(/"/g, '""')}"`;
}
