import { Injectable, Logger } from '@nestjs/common';
import { JobQueue } from '../../infra/queue/job-queue.service.js';
import { fromStoredSchedule } from '../cohorts/domain/stored-schedule.js';
import { dedupeKeys } from './domain/dedupe-keys.js';
import { digestContent } from './domain/digest.js';
import type { DeadlineItem } from './domain/notification-kinds.js';
import {
  deadlinesRemindedIn,
  digestDateIn,
  isCohortRunning,
  modulesBehind,
  modulesUnlockedIn,
  scanWindow,
  type ScanWindow,
} from './domain/scan-window.js';
import { queueDeliveries } from './notification-queue.js';
import { NotificationsRepository, type NewNotification, type ScannedCohort } from './notifications.repository.js';

export const SCAN_NAME = 'schedule';
/** Rows whose mail is neither sent nor skipped this long after they were written get their delivery queued again. */
const SWEEP_AFTER_MS = 10 * 60_000;

export interface ScanResult {
  window: { from: string; to: string };
  created: number;
  requeued: number;
}

/**
 * The worker's periodic look at every running cohort's schedule: modules that opened, deadlines 48 hours away and
 * trainers' daily digests, each due in the window since the last scan. Notifications are inserted under their dedupe
 * keys, so an overlapping or repeated scan adds nothing; the scan's progress is kept in the same transaction.
 */
@Injectable()
export class NotificationScanService {
  private readonly logger = new Logger(NotificationScanService.name);

  constructor(
    private readonly repository: NotificationsRepository,
    private readonly jobs: JobQueue,
  ) {}

  async scan(now = new Date()): Promise<ScanResult> {
    const { window, ids } = await this.repository.transaction(async (manager) => {
      const window = scanWindow(await this.repository.lockScan(manager, SCAN_NAME), now);
      const rows: NewNotification[] = [];
      for (const cohort of await this.repository.listActiveCohorts(now))
        rows.push(...(await this.dueInCohort(cohort, window)));
      const ids = await this.repository.insertOnce(rows, manager);
      await this.repository.setScannedThrough(manager, SCAN_NAME, now);
      return { window, ids };
    });
    await queueDeliveries(this.jobs, ids);
    // A crash between the commit above (or an event's) and its queueing leaves a row with no mail job: catch up.
    const stranded = await this.repository.listUndelivered(
      new Date(now.getTime() - SWEEP_AFTER_MS),
      new Date(now.getTime() - 2 * 24 * 3600_000),
      500,
    );
    await queueDeliveries(this.jobs, stranded);
    if (ids.length > 0)
      this.logger.log(`scan ${window.from.toISOString()} → ${window.to.toISOString()}: ${ids.length} new`);
    return {
      window: { from: window.from.toISOString(), to: window.to.toISOString() },
      created: ids.length,
      requeued: stranded.length,
    };
  }

  private async dueInCohort(cohort: ScannedCohort, window: ScanWindow): Promise<NewNotification[]> {
    const schedule = fromStoredSchedule(cohort.schedule);
    const base = {
      cohortId: cohort.id,
      cohortTitle: cohort.title,
      instituteSlug: cohort.instituteSlug,
      timeZone: cohort.timeZone,
    };
    const rows: NewNotification[] = [];
    const unlocked = modulesUnlockedIn(schedule, window);
    const deadlines = deadlinesRemindedIn(schedule, window);
    if (unlocked.length > 0) {
      const [people, titles] = await Promise.all([
        this.repository.listEnrolled(cohort.instituteId, cohort.id),
        this.repository.moduleTitles(cohort.courseVersionId),
      ]);
      for (const moduleId of unlocked) {
        const opensAt = schedule.moduleUnlocks.find((unlock) => unlock.moduleId === moduleId)!.opensAt;
        for (const person of people)
          rows.push({
            userId: person.userId,
            instituteId: cohort.instituteId,
            kind: 'module-unlocked',
            dedupeKey: dedupeKeys.moduleUnlocked(cohort.id, moduleId, person.userId),
            payload: {
              ...base,
              moduleId,
              moduleTitle: titles.get(moduleId) ?? moduleId,
              opensAt: opensAt.toISOString(),
            },
          });
      }
    }
    for (const { item, dueAt } of deadlines) {
      for (const userId of await this.peopleWithWorkLeft(cohort, item))
        rows.push({
          userId,
          instituteId: cohort.instituteId,
          kind: 'deadline-approaching',
          dedupeKey: dedupeKeys.deadline(item, cohort.id, userId, dueAt),
          payload: { ...base, item, dueAt: dueAt.toISOString() },
        });
    }
    const digestDate = isCohortRunning(schedule, window.to) ? digestDateIn(cohort.timeZone, window) : null;
    if (digestDate) rows.push(...(await this.digests(cohort, schedule, window.to, digestDate, base)));
    return rows;
  }

  private peopleWithWorkLeft(cohort: ScannedCohort, item: DeadlineItem): Promise<string[]> {
    switch (item) {
      case 'quiz':
        return this.repository.listWithQuizLeft(cohort.instituteId, cohort.id, cohort.courseVersionId);
      case 'capstone':
        return this.repository.listWithoutSubmission(cohort.instituteId, cohort.id);
      case 'peer-review':
        return this.repository.listReviewersWithWorkLeft(cohort.instituteId, cohort.id);
    }
  }

  private async digests(
    cohort: ScannedCohort,
    schedule: ReturnType<typeof fromStoredSchedule>,
    now: Date,
    localDate: string,
    base: Record<string, unknown>,
  ): Promise<NewNotification[]> {
    const trainers = await this.repository.listTrainers(cohort.instituteId, cohort.id);
    if (trainers.length === 0) return [];
    const [people, completed, flaggedReviews] = await Promise.all([
      this.repository.listEnrolled(cohort.instituteId, cohort.id),
      this.repository.completedModules(cohort.instituteId, cohort.id),
      this.repository.countOpenFlags(cohort.instituteId, cohort.id),
    ]);
    const behind = people
      .map((person) => ({
        fullName: person.fullName,
        modulesBehind: modulesBehind(schedule, completed.get(person.userId) ?? new Set(), now).length,
      }))
      .filter((person) => person.modulesBehind > 0);
    const rows: NewNotification[] = [];
    for (const trainerId of trainers) {
      const plansToGrade = await this.repository.countPlansToGrade(cohort.instituteId, cohort.id, trainerId);
      const content = digestContent({ plansToGrade, flaggedReviews, behind });
      if (!content) continue;
      rows.push({
        userId: trainerId,
        instituteId: cohort.instituteId,
        kind: 'trainer-digest',
        dedupeKey: dedupeKeys.digest(trainerId, cohort.id, localDate),
        payload: {
          ...base,
          localDate,
          plansToGrade: content.plansToGrade,
          flaggedReviews: content.flaggedReviews,
          behindCount: content.behind.length,
          behindShown: content.behindShown,
          behindMore: content.behindMore,
        },
      });
    }
    return rows;
  }
}
