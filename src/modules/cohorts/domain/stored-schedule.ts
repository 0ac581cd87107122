import type { StoredSchedule } from '../entities/cohort.entity.js';
import type { CohortSchedule } from './cohort-schedule.js';

/** A schedule as kept in the cohort row (ISO instants in JSON). */
export function toStoredSchedule(schedule: CohortSchedule): StoredSchedule {
  return {
    moduleUnlocks: schedule.moduleUnlocks.map((unlock) => ({
      moduleId: unlock.moduleId,
      opensAt: unlock.opensAt.toISOString(),
    })),
    capstoneDueAt: schedule.capstoneDueAt.toISOString(),
    peerReviewDueAt: schedule.peerReviewDueAt.toISOString(),
    endsAt: schedule.endsAt.toISOString(),
  };
}

export function fromStoredSchedule(schedule: StoredSchedule): CohortSchedule {
  return {
    moduleUnlocks: schedule.moduleUnlocks.map((unlock) => ({
      moduleId: unlock.moduleId,
      opensAt: new Date(unlock.opensAt),
    })),
    capstoneDueAt: new Date(schedule.capstoneDueAt),
    peerReviewDueAt: new Date(schedule.peerReviewDueAt),
    endsAt: new Date(schedule.endsAt),
  };
}
