import { Injectable } from '@nestjs/common';
import type { RequestViewer } from '../../common/auth/viewer.js';
import { NotSignedInError } from '../accounts/accounts.errors.js';
import { ModuleNotFoundError } from '../content/content.errors.js';
import { ContentService } from '../content/content.service.js';
import { CopyOverlayService } from '../localization/copy-overlay.service.js';
import type { CourseVersionView } from '../content/content.views.js';
import { CohortAccessService, type CohortAccess } from './cohort-access.service.js';
import { CohortsRepository } from './cohorts.repository.js';
import { ModuleLockedError, ModuleNeedsQuizError, NotEnrolledError } from './cohorts.errors.js';
import type { EntityManager } from 'typeorm';
import { currentWeek, formatInTimeZone, isModuleOpen } from './domain/cohort-schedule.js';
import { fromStoredSchedule } from './domain/stored-schedule.js';
import type { StoredSchedule } from './entities/cohort.entity.js';

export type ModuleState = 'locked' | 'open' | 'opened' | 'done';

function opensAt(schedule: StoredSchedule, moduleId: string): Date | null {
  const unlock = schedule.moduleUnlocks.find((entry) => entry.moduleId === moduleId);
  return unlock ? new Date(unlock.opensAt) : null;
}

export function cohortPath(instituteSlug: string, cohortId: string): string {
  return `/i/${instituteSlug}/cohorts/${cohortId}`;
}

@Injectable()
export class LearningService {
  constructor(
    private readonly access: CohortAccessService,
    private readonly cohorts: CohortsRepository,
    private readonly content: ContentService,
    private readonly overlay: CopyOverlayService,
  ) {}

  /** "My learning": every cohort the person is enrolled in, this week's modules, what is due, progress. */
  async myLearning(viewer: RequestViewer | null | undefined, now = new Date()) {
    if (!viewer) throw new NotSignedInError();
    const [enrolments, allProgress] = await Promise.all([
      this.cohorts.listLearnerCohorts(viewer.userId),
      this.cohorts.listProgressOfLearner(viewer.userId),
    ]);
    return Promise.all(
      enrolments.map(async (enrolment) => {
        const course = await this.content.getCourseVersion(enrolment.courseVersionId);
        const progress = allProgress.filter((entry) => entry.enrolmentId === enrolment.enrolmentId);
        const done = new Set(progress.filter((entry) => entry.completedAt).map((entry) => entry.moduleKey));
        const opened = new Set(progress.map((entry) => entry.moduleKey));
        const base = cohortPath(enrolment.instituteSlug, enrolment.cohortId);
        const schedule = fromStoredSchedule(enrolment.schedule);
        const weekOf = new Map(course.modules.map((module) => [module.id, module.weekNumber]));
        const week = currentWeek(
          {
            ...schedule,
            moduleUnlocks: schedule.moduleUnlocks.map((unlock) => ({
              ...unlock,
              weekNumber: weekOf.get(unlock.moduleId),
            })),
          },
          now,
        );
        const modules = course.modules.map((module) => {
          const unlock = opensAt(enrolment.schedule, module.id);
          const state: ModuleState = !isModuleOpen(schedule, module.id, now)
            ? 'locked'
            : done.has(module.id)
              ? 'done'
              : opened.has(module.id)
                ? 'opened'
                : 'open';
          return {
            id: module.id,
            number: module.number,
            weekNumber: module.weekNumber,
            title: module.title,
            state,
            href: `${base}/modules/${module.id}`,
            opensAt: unlock ?? null,
          };
        });
        const capstoneDue = new Date(enrolment.schedule.capstoneDueAt);
        return {
          cohortId: enrolment.cohortId,
          title: enrolment.title,
          instituteName: enrolment.instituteName,
          courseTitle: course.title,
          timeZone: enrolment.timeZone,
          href: base,
          completed: done.size,
          total: course.modules.length,
          percent: Math.round((done.size / Math.max(course.modules.length, 1)) * 100),
          ratio: done.size / Math.max(course.modules.length, 1),
          // The modules of the cohort's current week; before it starts, week 1; after it ends, none.
          thisWeek: week === 3 ? [] : modules.filter((module) => module.weekNumber === Math.max(week, 1)),
          modules,
          due: modules
            .filter((module) => module.state !== 'done' && module.state !== 'locked')
            .map((module) => ({ number: module.number, title: module.title })),
          capstoneDueAt: capstoneDue,
          peerReviewDueAt: new Date(enrolment.schedule.peerReviewDueAt),
        };
      }),
    );
  }

  /**
   * A module inside a cohort. Participants see it only once it has opened, and opening it is recorded;
   * staff may preview any module. A locked module is refused for page and API alike.
   */
  async openModule(
    viewer: RequestViewer | null | undefined,
    instituteSlug: string,
    cohortId: string,
    moduleId: string,
    now = new Date(),
  ) {
    const resolved = await this.resolveModule(viewer, instituteSlug, cohortId, moduleId, now);
    const { access } = resolved;
    let done = false;
    if (access.enrolment) {
      await this.recordOpened(access, moduleId);
      const progress = await this.cohorts.findModuleProgress(access.institute.id, access.enrolment.id, moduleId);
      done = Boolean(progress?.completedAt);
    }
    return { ...resolved, module: await this.content.getModule(resolved.course, moduleId), done };
  }

  /** First opening only: a participant's progress shows the module as opened from then on. */
  async recordOpened(access: CohortAccess, moduleId: string): Promise<void> {
    if (access.enrolment) await this.cohorts.recordModuleOpened(access.institute.id, access.enrolment.id, moduleId);
  }

  /**
   * Who may use a module of a cohort, and whether it is open, without recording anything: for the requests that
   * act inside a module (a quiz answer) rather than open it, so they do not write progress on every call.
   */
  async resolveModule(
    viewer: RequestViewer | null | undefined,
    instituteSlug: string,
    cohortId: string,
    moduleId: string,
    now = new Date(),
  ) {
    const access = await this.access.resolve(viewer, instituteSlug, cohortId);
    const course = await this.content.getCourseVersion(access.cohort.courseVersionId);
    const summary = course.modules.find((entry) => entry.id === moduleId);
    if (!summary) throw new ModuleNotFoundError(course.slug, moduleId);
    const unlock = opensAt(access.cohort.schedule, moduleId);
    if (!access.isStaff && unlock && !isModuleOpen(fromStoredSchedule(access.cohort.schedule), moduleId, now)) {
      throw new ModuleLockedError(summary.title, formatInTimeZone(unlock, access.cohort.timeZone));
    }
    return { access, course, summary, opensAt: unlock ? formatInTimeZone(unlock, access.cohort.timeZone) : null };
  }

  async completeModule(
    viewer: RequestViewer | null | undefined,
    instituteSlug: string,
    cohortId: string,
    moduleId: string,
    now = new Date(),
  ) {
    const opened = await this.openModule(viewer, instituteSlug, cohortId, moduleId, now);
    if (!opened.access.enrolment) throw new NotEnrolledError();
    if (opened.summary.quiz) throw new ModuleNeedsQuizError(opened.module.title);
    await this.cohorts.recordModuleCompleted(opened.access.institute.id, opened.access.enrolment.id, moduleId);
    return opened;
  }

  /** Enrolled participants with their progress, for other modules' staff pages. */
  listParticipants(instituteId: string, cohortId: string) {
    return this.cohorts.roster(instituteId, cohortId);
  }

  /** Passing a module's quiz completes the module, in the transaction that graded the attempt. */
  async recordQuizPassed(
    manager: EntityManager,
    instituteId: string,
    cohortId: string,
    userId: string,
    moduleKey: string,
  ): Promise<void> {
    await this.cohorts.recordModuleCompletedFor(manager, instituteId, cohortId, userId, moduleKey);
  }

  /** The cohort page: schedule in the cohort's time zone, and for staff the roster with each person's progress. */
  async cohortOverview(viewer: RequestViewer | null | undefined, instituteSlug: string, cohortId: string) {
    const access = await this.access.resolve(viewer, instituteSlug, cohortId);
    const master = await this.content.getCourseVersion(access.cohort.courseVersionId);
    // A cohort on a localized copy lists the copy's module titles.
    const text = await this.overlay.forCohort(access.cohort);
    const course = text ? this.overlay.overlayTitles(text, master) : master;
    const roster = access.isStaff ? await this.cohorts.roster(access.institute.id, access.cohort.id) : null;
    return overviewModel(access, course, roster);
  }
}

function overviewModel(
  access: CohortAccess,
  course: CourseVersionView,
  roster: Awaited<ReturnType<CohortsRepository['roster']>> | null,
) {
  const { cohort, institute } = access;
  const zone = cohort.timeZone;
  const base = cohortPath(institute.slug, cohort.id);
  return {
    title: cohort.title,
    instituteName: institute.name,
    courseTitle: course.title,
    timeZone: zone,
    startDate: cohort.startDate,
    capacity: cohort.capacity,
    schedule: course.modules.map((module) => {
      const unlock = opensAt(cohort.schedule, module.id);
      return {
        number: module.number,
        title: module.title,
        href: `${base}/modules/${module.id}`,
        opensAt: unlock ?? null,
      };
    }),
    capstoneDueAt: new Date(cohort.schedule.capstoneDueAt),
    capstoneHref: `${base}/capstone`,
    // Participants see their own grades; staff grade, follow submissions and read the gradebook.
    gradesHref: access.enrolment ? `${base}/grades` : null,
    certificateHref: access.enrolment ? `${base}/certificate` : null,
    staffLinks: access.isStaff
      ? [
          { href: `${base}/capstone/grading`, label: 'cohorts.overview.gradeCapstones' },
          { href: `${base}/capstone/people`, label: 'cohorts.overview.capstoneSubmissions' },
          { href: `${base}/gradebook`, label: 'cohorts.overview.gradebook' },
          { href: `${base}/certificates`, label: 'cohorts.overview.certificates' },
          { href: `${base}/dashboard`, label: 'cohorts.overview.dashboard' },
        ]
      : null,
    peerReviewDueAt: new Date(cohort.schedule.peerReviewDueAt),
    roster: roster
      ? roster.map((person) => ({
          fullName: person.fullName,
          email: person.email,
          organization: person.organization,
          completed: person.completedModules.length,
          total: course.modules.length,
          cells: course.modules.map((module) =>
            person.completedModules.includes(module.id)
              ? 'done'
              : person.openedModules.includes(module.id)
                ? 'opened'
                : 'not-started',
          ),
        }))
      : null,
    moduleNumbers: course.modules.map((module) => module.number),
  };
}
