import type { DataSource, EntityManager } from 'typeorm';
import { deriveSchedule } from '../../modules/cohorts/domain/cohort-schedule.js';
import { toStoredSchedule } from '../../modules/cohorts/domain/stored-schedule.js';
import { recertificationDate } from '../../modules/trainers/domain/recertification.js';
import type { TrackDefinition } from '../../modules/content/domain/parse-track.js';

const COURSE = 'epm-resources';
const MASTER = { email: 'master.trainer@demo.cascade.test', fullName: 'Dr. Amara Mensah' };
const NATIONAL = { email: 'national.trainer@np.demo.cascade.test', fullName: 'Ramesh Adhikari' };
const MASTER_COHORT = 'School resource allocation, master cohort (hub)';
const TRACK_COHORT = 'Trainer-of-trainers track, Kathmandu';
const NATIONAL_COHORT = 'School resource allocation, Pokhara cohort';

/** Participants of the two generations: [name, completed every module, released capstone percent or null]. */
const MASTER_PARTICIPANTS: [string, boolean, number | null][] = [
  ['Laxmi Shrestha', true, 86],
  ['Hari Poudel', true, 78],
  ['Mina Karki', true, 71],
  ['Deepak Rana', false, 58],
];
const NATIONAL_PARTICIPANTS: [string, boolean, number | null][] = [
  ['Sarita Bhandari', true, 81],
  ['Bishnu Thapa', true, 69],
  ['Anita Gurung', true, 62],
  ['Prakash Oli', false, 54],
  ['Kamala Rai', false, null],
];

export interface DemoTrainers {
  masterEmail: string;
  nationalEmail: string;
}

/**
 * The trainer-of-trainers demo, so that the cascade report shows something on first start: a master trainer at the
 * hub (appointed by the platform admin) who ran a master cohort of epm-resources, and Ramesh Adhikari at np-cept,
 * nominated, trained on the track, co-facilitator of the master cohort, teach-back and calibration passed, signed off
 * and certified, now leading his own Pokhara cohort with participants, completions and capstone grades. Written as
 * the history it would leave (transitions, attempts, scores, certification); nothing when Ramesh exists already.
 * The nomination rule (a course certificate) is not re-enacted: certificates are issued by the worker.
 */
export async function seedDemoTrainers(dataSource: DataSource, now = new Date()): Promise<DemoTrainers | null> {
  return dataSource.transaction(async (manager) => {
    if ((await manager.query<unknown[]>(`SELECT 1 FROM users WHERE email = $1`, [NATIONAL.email])).length > 0)
      return null;
    const [refs] = await manager.query<
      { hub: string; np: string; platform: string; npAdmin: string; passwordHash: string; trackVersion: string }[]
    >(
      `SELECT (SELECT id FROM institutes WHERE slug = 'hub') AS hub, (SELECT id FROM institutes WHERE slug = 'np-cept') AS np,
              (SELECT id FROM users WHERE email = 'platform.admin@demo.cascade.test') AS platform,
              (SELECT id FROM users WHERE email = 'admin@np.demo.cascade.test') AS "npAdmin",
              (SELECT password_hash FROM users WHERE email = 'participant@np.demo.cascade.test') AS "passwordHash",
              (SELECT v.id FROM course_versions v JOIN courses c ON c.id = v.course_id WHERE c.kind = 'track'
               ORDER BY v.number DESC LIMIT 1) AS "trackVersion"`,
    );
    if (!refs?.hub || !refs.np || !refs.platform || !refs.npAdmin || !refs.trackVersion) return null;
    const days = (count: number) => new Date(now.getTime() - count * 86_400_000);

    const person = async (email: string, fullName: string, instituteId: string, role: string) => {
      const [user] = await manager.query<{ id: string }[]>(
        `INSERT INTO users (email, full_name, password_hash) VALUES ($1, $2, $3)
         ON CONFLICT (email) DO UPDATE SET email = EXCLUDED.email RETURNING id`,
        [email, fullName, refs.passwordHash],
      );
      await manager.query(
        `INSERT INTO memberships (institute_id, user_id, role) SELECT $1, $2, $3 WHERE NOT EXISTS (
           SELECT 1 FROM memberships WHERE institute_id = $1 AND user_id = $2 AND role = $3 AND revoked_at IS NULL)`,
        [instituteId, user.id, role],
      );
      return user.id;
    };
    const master = await person(MASTER.email, MASTER.fullName, refs.hub, 'trainer');
    const national = await person(NATIONAL.email, NATIONAL.fullName, refs.np, 'participant');

    const transition = async (
      to: string,
      from: string | null,
      event: string,
      actor: string,
      at: Date,
      who = national,
      institute = refs.np,
      cohortId: string | null = null,
    ) => {
      await manager.query(
        `INSERT INTO trainer_stage_transitions (institute_id, user_id, course_id, from_stage, to_stage, event, actor_user_id, cohort_id, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [institute, who, COURSE, from, to, event, actor, cohortId, at],
      );
      await manager.query(
        `INSERT INTO audit_log (institute_id, actor_user_id, action, entity_type, entity_id, "before", "after", at)
         VALUES ($1, $2, $3, 'trainer_path', $4, $5, $6, $7)`,
        [
          institute,
          actor,
          `trainer-path.${event}`,
          `${who}:${COURSE}`,
          JSON.stringify({ stage: from }),
          JSON.stringify({ stage: to }),
          at,
        ],
      );
    };

    // The master trainer, appointed by the platform admin; a certification without certifier roots the lineage.
    await transition('master', null, 'appoint-master', refs.platform, days(400), master, refs.hub);
    await manager.query(
      `INSERT INTO trainer_certifications (institute_id, user_id, course_id, kind, certified_by, certified_at, valid_until)
       VALUES ($1, $2, $3, 'master-appointment', NULL, $4, $5)`,
      [refs.hub, master, COURSE, days(400), recertificationDate(days(400), 36)],
    );

    const masterCohort = await cohort(manager, refs.hub, COURSE, MASTER_COHORT, days(120), 'Asia/Kathmandu');
    await trainer(manager, masterCohort, master, 'lead');
    const trackCohort = await cohort(manager, refs.np, 'tot-track', TRACK_COHORT, days(150), 'Asia/Kathmandu');
    await trainer(manager, trackCohort, master, 'master');

    // The national trainer's path.
    await transition('nominated', null, 'nominate', refs.npAdmin, days(160));
    const trackEnrolment = await enrol(manager, trackCohort, national);
    await completeAll(manager, trackCohort, trackEnrolment, national, master);
    await transition('trainee', 'nominated', 'enrol', refs.npAdmin, days(150));
    await transition(
      'co-facilitator',
      'trainee',
      'assign-co-facilitation',
      refs.npAdmin,
      days(125),
      national,
      refs.np,
      masterCohort,
    );
    await trainer(manager, masterCohort, national, 'co-facilitator');

    const track = (
      await manager.query<{ track: TrackDefinition }[]>(`SELECT track FROM course_versions WHERE id = $1`, [
        refs.trackVersion,
      ])
    )[0].track;
    const [teachBack] = await manager.query<{ id: string }[]>(
      `INSERT INTO trainer_teach_backs (institute_id, user_id, course_id, track_version_id, attempt, delivery, recording_url, notes, submitted_at)
       VALUES ($1, $2, $3, $4, 1, 'link', 'https://video.example.org/teach-back/ramesh-m04', $5, $6) RETURNING id`,
      [
        refs.np,
        national,
        COURSE,
        refs.trackVersion,
        'Module 4, weighting a funding formula, with six head teachers.',
        days(110),
      ],
    );
    const criteria = track.teachBack.rubric.criteria;
    const levels = Object.fromEntries(
      criteria.map((criterion, index) => [criterion.id, criterion.levels[index % 3 === 0 ? 3 : 2].id]),
    );
    const points = criteria.reduce(
      (sum, c) => sum + c.weight * (c.levels.find((l) => l.id === levels[c.id])!.points / 4),
      0,
    );
    const percent = Math.round((points / criteria.reduce((sum, c) => sum + c.weight, 0)) * 10000) / 100;
    await manager.query(
      `INSERT INTO trainer_teach_back_scores (teach_back_id, institute_id, scorer_user_id, levels, feedback, percent, passed, scored_at)
       VALUES ($1, $2, $3, $4, $5, $6, true, $7)`,
      [
        teachBack.id,
        refs.np,
        master,
        JSON.stringify(levels),
        'Clear objective and a strong close; check understanding of the weights with every table, not just one.',
        percent,
        days(105),
      ],
    );
    const references = track.calibration.references.filter((reference) => reference.course === COURSE);
    const grades = Object.fromEntries(references.map((reference) => [reference.id, reference.levels]));
    const total = references.reduce((sum, reference) => sum + Object.keys(reference.levels).length, 0);
    await manager.query(
      `INSERT INTO trainer_calibration_attempts (institute_id, user_id, course_id, track_version_id, grades, agreed, total, passed, submitted_at)
       VALUES ($1, $2, $3, $4, $5, $6, $6, true, $7)`,
      [refs.np, national, COURSE, refs.trackVersion, JSON.stringify(grades), total, days(100)],
    );
    await manager.query(
      `INSERT INTO trainer_sign_offs (institute_id, user_id, course_id, cohort_id, master_user_id, note, signed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [refs.np, national, COURSE, masterCohort, master, 'Co-ran modules 3 to 6 and the capstone clinic.', days(95)],
    );
    await transition('certified', 'co-facilitator', 'certify', master, days(95));
    await manager.query(
      `INSERT INTO trainer_certifications (institute_id, user_id, course_id, kind, certified_by, certified_at, valid_until)
       VALUES ($1, $2, $3, 'certification', $4, $5, $6)`,
      [refs.np, national, COURSE, master, days(95), recertificationDate(days(95))],
    );
    await manager.query(`INSERT INTO memberships (institute_id, user_id, role) VALUES ($1, $2, 'trainer')`, [
      refs.np,
      national,
    ]);

    const nationalCohort = await cohort(manager, refs.np, COURSE, NATIONAL_COHORT, days(60), 'Asia/Kathmandu');
    await trainer(manager, nationalCohort, national, 'lead');
    for (const [list, cohortId, grader, domain] of [
      [MASTER_PARTICIPANTS, masterCohort, master, 'hub'],
      [NATIONAL_PARTICIPANTS, nationalCohort, national, 'np'],
    ] as const) {
      for (const [fullName, completed, grade] of list) {
        const email = `${fullName.toLowerCase().replace(/[^a-z]+/g, '.')}@${domain}.cascade-demo.test`;
        const instituteId = domain === 'hub' ? refs.hub : refs.np;
        const userId = await person(email, fullName, instituteId, 'participant');
        const enrolmentId = await enrol(manager, cohortId, userId);
        if (completed) await completeAll(manager, cohortId, enrolmentId, userId, grader);
        if (grade !== null) await releasedGrade(manager, cohortId, userId, grader, grade);
      }
    }
    return { masterEmail: MASTER.email, nationalEmail: NATIONAL.email };
  });
}

async function cohort(
  manager: EntityManager,
  instituteId: string,
  courseId: string,
  title: string,
  start: Date,
  timeZone: string,
): Promise<string> {
  const [version] = await manager.query<{ id: string }[]>(
    `SELECT id FROM course_versions WHERE course_id = $1 ORDER BY number DESC LIMIT 1`,
    [courseId],
  );
  const modules = await manager.query<{ module_key: string; number: number; week_number: number }[]>(
    `SELECT module_key, number, week_number FROM course_modules WHERE course_version_id = $1 ORDER BY number`,
    [version.id],
  );
  const startDate = start.toISOString().slice(0, 10);
  const schedule = deriveSchedule({
    startDate,
    timeZone,
    modules: modules.map((module) => ({
      id: module.module_key,
      number: module.number,
      weekNumber: module.week_number,
    })),
  });
  const [row] = await manager.query<{ id: string }[]>(
    `INSERT INTO cohorts (institute_id, course_version_id, title, start_date, time_zone, capacity, enrolment_opens_at,
                          enrolment_closes_at, schedule)
     VALUES ($1, $2, $3, $4, $5, 30, $6, $7, $8) RETURNING id`,
    [
      instituteId,
      version.id,
      title,
      startDate,
      timeZone,
      new Date(start.getTime() - 20 * 86_400_000),
      new Date(start.getTime() + 5 * 86_400_000),
      JSON.stringify(toStoredSchedule(schedule)),
    ],
  );
  return row.id;
}

async function trainer(manager: EntityManager, cohortId: string, userId: string, role: string): Promise<void> {
  await manager.query(
    `INSERT INTO cohort_trainers (cohort_id, user_id, institute_id, role) SELECT id, $2, institute_id, $3 FROM cohorts WHERE id = $1`,
    [cohortId, userId, role],
  );
}

async function enrol(manager: EntityManager, cohortId: string, userId: string): Promise<string> {
  const [row] = await manager.query<{ id: string }[]>(
    `INSERT INTO enrolments (institute_id, cohort_id, user_id, status) SELECT institute_id, id, $2, 'enrolled'
     FROM cohorts WHERE id = $1 RETURNING id`,
    [cohortId, userId],
  );
  return row.id;
}

/** Every module completed and every quiz recognised at 100 % (a trainer's override), as the completion rules ask. */
async function completeAll(
  manager: EntityManager,
  cohortId: string,
  enrolmentId: string,
  userId: string,
  actorId: string,
): Promise<void> {
  await manager.query(
    `INSERT INTO module_progress (enrolment_id, module_key, institute_id, completed_at)
     SELECT $1, m.module_key, c.institute_id, now() FROM cohorts c JOIN course_modules m ON m.course_version_id = c.course_version_id
     WHERE c.id = $2`,
    [enrolmentId, cohortId],
  );
  await manager.query(
    `INSERT INTO quiz_grade_overrides (institute_id, cohort_id, module_key, user_id, percent, reason, created_by)
     SELECT c.institute_id, c.id, m.module_key, $2, 100, 'demo data', $3
     FROM cohorts c JOIN course_modules m ON m.course_version_id = c.course_version_id
     WHERE c.id = $1 AND m.quiz_settings IS NOT NULL`,
    [cohortId, userId, actorId],
  );
}

async function releasedGrade(
  manager: EntityManager,
  cohortId: string,
  userId: string,
  graderId: string,
  percent: number,
): Promise<void> {
  const [submission] = await manager.query<{ id: string }[]>(
    `INSERT INTO capstone_submissions (institute_id, cohort_id, user_id, version, draft_revision, course_version_id,
       content, submitted_at, due_at, late)
     SELECT c.institute_id, c.id, $2, 1, 1, c.course_version_id, '{}'::jsonb, now() - interval '10 days', now(), false
     FROM cohorts c WHERE c.id = $1 RETURNING id`,
    [cohortId, userId],
  );
  await manager.query(
    `INSERT INTO capstone_grades (submission_id, institute_id, cohort_id, user_id, status, criteria, percent, graded_by,
       released_at, released_by)
     SELECT $1, c.institute_id, c.id, $3, 'final', '[]', $4, $5, now(), $5 FROM cohorts c WHERE c.id = $2`,
    [submission.id, cohortId, userId, percent, graderId],
  );
}
