import { describe, expect, it } from '@jest/globals';
import {
  mayTrainNewCohorts,
  missingRequirements,
  nextStage,
  TRAINER_EVENTS,
  TRAINER_STAGES,
  type StageFacts,
  type TrainerEvent,
  type TrainerStage,
} from './stages.js';

const ALL_TRUE: StageFacts = {
  actorIsInstituteAdmin: true,
  actorIsPlatformAdmin: true,
  actorIsMaster: true,
  actorIsHubMaster: true,
  holdsCourseCertificate: true,
  enrolledInTrack: true,
  cohortHasMaster: true,
  trackCompleted: true,
  teachBackPassed: true,
  calibrationPassed: true,
  coFacilitationSignedOff: true,
  certificationExpired: true,
};

// Written out by hand from the issue, not derived from the implementation's tables.
const LEGAL: [TrainerStage | null, TrainerEvent, TrainerStage][] = [
  [null, 'nominate', 'nominated'],
  [null, 'appoint-master', 'master'],
  ['nominated', 'enrol', 'trainee'],
  ['trainee', 'assign-co-facilitation', 'co-facilitator'],
  ['co-facilitator', 'certify', 'certified'],
  ['certified', 'grant-master', 'master'],
  ['certified', 'lapse', 'lapsed'],
  ['master', 'lapse', 'lapsed'],
  ['certified', 'recertify', 'certified'],
  ['lapsed', 'recertify', 'certified'],
];

// For each event, the facts each of which alone makes it refused, with the refusal code.
const REQUIRED: Record<TrainerEvent, [keyof StageFacts, string][]> = {
  nominate: [
    ['actorIsInstituteAdmin', 'not-institute-admin'],
    ['holdsCourseCertificate', 'no-course-certificate'],
  ],
  enrol: [['enrolledInTrack', 'not-enrolled-in-track']],
  'assign-co-facilitation': [['cohortHasMaster', 'cohort-without-master']],
  certify: [
    ['actorIsMaster', 'not-master'],
    ['trackCompleted', 'requirements-missing'],
    ['teachBackPassed', 'requirements-missing'],
    ['calibrationPassed', 'requirements-missing'],
    ['coFacilitationSignedOff', 'requirements-missing'],
  ],
  'grant-master': [['actorIsHubMaster', 'not-hub-master']],
  'appoint-master': [['actorIsPlatformAdmin', 'not-platform-admin']],
  lapse: [['certificationExpired', 'not-expired']],
  recertify: [['actorIsMaster', 'not-master']],
};

const stages: (TrainerStage | null)[] = [null, ...TRAINER_STAGES];

describe('nextStage', () => {
  for (const current of stages) {
    for (const event of TRAINER_EVENTS) {
      const legal = LEGAL.find(([from, on]) => from === current && on === event);
      if (legal) {
        it(`should move ${current ?? 'no stage'} --${event}--> ${legal[2]} when every fact holds`, () => {
          expect(nextStage(current, event, ALL_TRUE)).toEqual({ ok: true, stage: legal[2] });
        });
        for (const [fact, code] of REQUIRED[event]) {
          it(`should refuse ${current ?? 'no stage'} --${event}--> when ${fact} is false (${code})`, () => {
            const decision = nextStage(current, event, { ...ALL_TRUE, [fact]: false });
            expect(decision.ok).toBe(false);
            if (!decision.ok) {
              expect(decision.code).toBe(code);
              expect(decision.reason.length).toBeGreaterThan(10);
            }
          });
        }
      } else {
        it(`should refuse ${event} from ${current ?? 'no stage'} whatever the facts`, () => {
          const decision = nextStage(current, event, ALL_TRUE);
          expect(decision).toMatchObject({ ok: false, code: 'not-from-stage' });
          if (!decision.ok) expect(decision.reason).toContain(`not from ${current ?? 'no stage'}`);
        });
      }
    }
  }

  it('should let an institute admin assign co-facilitation even when not a master trainer', () => {
    expect(nextStage('trainee', 'assign-co-facilitation', { ...ALL_TRUE, actorIsMaster: false })).toEqual({
      ok: true,
      stage: 'co-facilitator',
    });
  });

  it('should refuse co-facilitation assigned by someone neither master nor admin', () => {
    const decision = nextStage('trainee', 'assign-co-facilitation', {
      ...ALL_TRUE,
      actorIsMaster: false,
      actorIsInstituteAdmin: false,
    });
    expect(decision).toMatchObject({ ok: false, code: 'not-master' });
  });

  it('should list every missing certification requirement in the refusal', () => {
    const decision = nextStage('co-facilitator', 'certify', {
      ...ALL_TRUE,
      teachBackPassed: false,
      coFacilitationSignedOff: false,
    });
    expect(decision).toEqual({
      ok: false,
      code: 'requirements-missing',
      reason: 'requirements not met: teach-back, co-facilitation',
      missing: ['teach-back', 'co-facilitation'],
    });
  });
});

describe('missingRequirements', () => {
  it('should be empty when all four requirements are met', () => {
    expect(missingRequirements(ALL_TRUE)).toEqual([]);
  });
  it('should list all four when none is met', () => {
    expect(
      missingRequirements({
        ...ALL_TRUE,
        trackCompleted: false,
        teachBackPassed: false,
        calibrationPassed: false,
        coFacilitationSignedOff: false,
      }),
    ).toEqual(['track', 'teach-back', 'calibration', 'co-facilitation']);
  });
});

describe('mayTrainNewCohorts', () => {
  it('should allow certified and master trainers whose certification is valid', () => {
    expect(mayTrainNewCohorts('certified', false)).toBe(true);
    expect(mayTrainNewCohorts('master', false)).toBe(true);
  });
  it('should refuse lapsed, expired and not-yet-certified people', () => {
    expect(mayTrainNewCohorts('lapsed', false)).toBe(false);
    expect(mayTrainNewCohorts('certified', true)).toBe(false);
    for (const stage of [null, 'nominated', 'trainee', 'co-facilitator'] as const)
      expect(mayTrainNewCohorts(stage, false)).toBe(false);
  });
});
