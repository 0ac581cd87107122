/**
 * The trainer path per (person, course). Stages only move through events, each checked here against the facts
 * the service gathered; the service appends the result as a transition row, so the latest row is the stage.
 */
export const TRAINER_STAGES = ['nominated', 'trainee', 'co-facilitator', 'certified', 'master', 'lapsed'] as const;
export type TrainerStage = (typeof TRAINER_STAGES)[number];

export const TRAINER_EVENTS = [
  'nominate',
  'enrol',
  'assign-co-facilitation',
  'certify',
  'grant-master',
  'appoint-master',
  'lapse',
  'recertify',
] as const;
export type TrainerEvent = (typeof TRAINER_EVENTS)[number];

/** What the service knows when an event is asked for; only the facts an event needs are read. */
export interface StageFacts {
  /** The actor administers the person's institute. */
  actorIsInstituteAdmin: boolean;
  /** The actor is a platform administrator (appoints the first master trainers of a course). */
  actorIsPlatformAdmin: boolean;
  /** The actor is a master trainer for the course. */
  actorIsMaster: boolean;
  /** The actor is a master trainer for the course at the hub institute. */
  actorIsHubMaster: boolean;
  /** The person holds a valid (issued, not revoked) certificate of the course. */
  holdsCourseCertificate: boolean;
  /** The person is enrolled in a cohort of the trainer-of-trainers track. */
  enrolledInTrack: boolean;
  /** The cohort to co-run is of this course and has a master trainer assigned. */
  cohortHasMaster: boolean;
  trackCompleted: boolean;
  teachBackPassed: boolean;
  calibrationPassed: boolean;
  coFacilitationSignedOff: boolean;
  /** The latest certification's recertification date has passed. */
  certificationExpired: boolean;
}

export type RefusalCode =
  | 'not-from-stage'
  | 'not-institute-admin'
  | 'no-course-certificate'
  | 'not-enrolled-in-track'
  | 'cohort-without-master'
  | 'not-master'
  | 'not-hub-master'
  | 'not-platform-admin'
  | 'requirements-missing'
  | 'not-expired';

export type StageDecision =
  | { ok: true; stage: TrainerStage }
  | { ok: false; code: RefusalCode; reason: string; missing?: CertificationRequirement[] };

export type CertificationRequirement = 'track' | 'teach-back' | 'calibration' | 'co-facilitation';

const FROM: Record<TrainerEvent, readonly (TrainerStage | null)[]> = {
  nominate: [null],
  enrol: ['nominated'],
  'assign-co-facilitation': ['trainee'],
  certify: ['co-facilitator'],
  'grant-master': ['certified'],
  'appoint-master': [null],
  lapse: ['certified', 'master'],
  recertify: ['certified', 'lapsed'],
};

const TO: Record<TrainerEvent, TrainerStage> = {
  nominate: 'nominated',
  enrol: 'trainee',
  'assign-co-facilitation': 'co-facilitator',
  certify: 'certified',
  'grant-master': 'master',
  'appoint-master': 'master',
  lapse: 'lapsed',
  recertify: 'certified',
};

/** The certification requirements not met yet, in the order a trainee meets them. */
export function missingRequirements(facts: StageFacts): CertificationRequirement[] {
  const missing: CertificationRequirement[] = [];
  if (!facts.trackCompleted) missing.push('track');
  if (!facts.teachBackPassed) missing.push('teach-back');
  if (!facts.calibrationPassed) missing.push('calibration');
  if (!facts.coFacilitationSignedOff) missing.push('co-facilitation');
  return missing;
}

function refuse(code: RefusalCode, reason: string, missing?: CertificationRequirement[]): StageDecision {
  return missing ? { ok: false, code, reason, missing } : { ok: false, code, reason };
}

/** Which stage an event leads to from the current one, or why it is refused. `current` null = no path yet. */
export function nextStage(current: TrainerStage | null, event: TrainerEvent, facts: StageFacts): StageDecision {
  const from = FROM[event];
  if (!from.includes(current)) {
    const allowed = from.map((stage) => stage ?? 'no stage').join(' or ');
    return refuse('not-from-stage', `${event} is only possible from ${allowed}, not from ${current ?? 'no stage'}`);
  }
  switch (event) {
    case 'nominate':
      if (!facts.actorIsInstituteAdmin)
        return refuse('not-institute-admin', "only an admin of the person's institute may nominate them");
      if (!facts.holdsCourseCertificate)
        return refuse('no-course-certificate', 'the person holds no valid certificate for this course');
      break;
    case 'enrol':
      if (!facts.enrolledInTrack)
        return refuse('not-enrolled-in-track', 'the person is not enrolled in a trainer-of-trainers track cohort');
      break;
    case 'assign-co-facilitation':
      if (!facts.actorIsMaster && !facts.actorIsInstituteAdmin)
        return refuse('not-master', 'only a master trainer or the institute admin may assign co-facilitation');
      if (!facts.cohortHasMaster)
        return refuse('cohort-without-master', 'the cohort must be of this course and led by a master trainer');
      break;
    case 'certify': {
      if (!facts.actorIsMaster) return refuse('not-master', 'only a master trainer may certify a trainer');
      const missing = missingRequirements(facts);
      if (missing.length > 0)
        return refuse('requirements-missing', `requirements not met: ${missing.join(', ')}`, missing);
      break;
    }
    case 'grant-master':
      if (!facts.actorIsHubMaster)
        return refuse('not-hub-master', 'only a master trainer of the hub may grant master trainer status');
      break;
    case 'appoint-master':
      if (!facts.actorIsPlatformAdmin)
        return refuse('not-platform-admin', 'only a platform admin may appoint the first master trainers');
      break;
    case 'lapse':
      if (!facts.certificationExpired) return refuse('not-expired', 'the certification is still valid');
      break;
    case 'recertify':
      if (!facts.actorIsMaster) return refuse('not-master', 'only a master trainer may recertify a trainer');
      break;
  }
  return { ok: true, stage: TO[event] };
}

/** Whether a person at this stage may take on new cohorts of the course (lapsed trainers may not). */
export function mayTrainNewCohorts(stage: TrainerStage | null, certificationExpired: boolean): boolean {
  return (stage === 'certified' || stage === 'master') && !certificationExpired;
}
