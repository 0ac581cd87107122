import type { DataSource } from 'typeorm';
import { AccountsRepository } from '../../modules/accounts/accounts.repository.js';
import { hashPassword } from '../../modules/accounts/domain/passwords.js';
import type { InstituteRole } from '../../modules/accounts/domain/roles.js';
import { AuditRepository } from '../../modules/audit/audit.repository.js';
import { CohortsRepository } from '../../modules/cohorts/cohorts.repository.js';
import { deriveSchedule } from '../../modules/cohorts/domain/cohort-schedule.js';
import { toStoredSchedule } from '../../modules/cohorts/domain/stored-schedule.js';
import { InstitutesRepository, type NewInstitute } from '../../modules/institutes/institutes.repository.js';

export const DEMO_PASSWORD = 'cascade-demo-2026';

const INSTITUTES: NewInstitute[] = [
  {
    slug: 'hub',
    name: 'Cascade Hub Institute for Educational Planning',
    country: 'FR',
    defaultLanguage: 'en',
    languages: ['en', 'fr'],
    isHub: true,
    branding: {
      primaryColour: '#0b5cad',
      secondaryColour: '#f3f6fa',
      logoUrl: null,
      signatories: [{ name: 'Amina Diallo', title: 'Director' }],
    },
  },
  {
    slug: 'sn-ifpe',
    name: 'Institut de formation en planification de l’éducation (Sénégal)',
    country: 'SN',
    defaultLanguage: 'fr',
    languages: ['fr', 'en'],
    isHub: false,
    branding: {
      primaryColour: '#00853f',
      secondaryColour: '#fdef42',
      logoUrl: null,
      signatories: [{ name: 'Moussa Ndiaye', title: 'Directeur' }],
    },
  },
  {
    slug: 'np-cept',
    name: 'Centre for Educational Planning and Training (Nepal)',
    country: 'NP',
    defaultLanguage: 'en',
    languages: ['en', 'ne'],
    isHub: false,
    branding: {
      primaryColour: '#dc143c',
      secondaryColour: '#003893',
      logoUrl: null,
      signatories: [{ name: 'Sita Sharma', title: 'Executive Director' }],
    },
  },
];

const PEOPLE: { email: string; fullName: string; platformAdmin?: boolean; roles: [string, InstituteRole][] }[] = [
  { email: 'platform.admin@demo.cascade.test', fullName: 'Platform Administrator', platformAdmin: true, roles: [] },
  { email: 'hub.admin@demo.cascade.test', fullName: 'Hana Okafor', roles: [['hub', 'admin']] },
  { email: 'admin@sn.demo.cascade.test', fullName: 'Awa Sow', roles: [['sn-ifpe', 'admin']] },
  { email: 'trainer@sn.demo.cascade.test', fullName: 'Ibrahima Fall', roles: [['sn-ifpe', 'trainer']] },
  { email: 'participant@sn.demo.cascade.test', fullName: 'Fatou Ba', roles: [['sn-ifpe', 'participant']] },
  { email: 'admin@np.demo.cascade.test', fullName: 'Ramesh Adhikari', roles: [['np-cept', 'admin']] },
  { email: 'trainer@np.demo.cascade.test', fullName: 'Gita Thapa', roles: [['np-cept', 'trainer']] },
  {
    email: 'participant@np.demo.cascade.test',
    fullName: 'Bikash Gurung',
    roles: [
      ['np-cept', 'participant'],
      ['sn-ifpe', 'participant'],
    ],
  },
  { email: 'participant2@np.demo.cascade.test', fullName: 'Sunita Rai', roles: [['np-cept', 'participant']] },
];

const COHORTS = [
  {
    institute: 'sn-ifpe',
    course: 'epm-networks',
    title: 'Education networks and clusters, Dakar cohort',
    timeZone: 'Africa/Dakar',
    trainers: ['trainer@sn.demo.cascade.test'],
    // [e-mail, organization recorded on the enrolment]
    participants: [
      ['participant@sn.demo.cascade.test', 'Inspection d’Académie de Dakar'],
      ['participant@np.demo.cascade.test', 'Lalitpur District Education Office'],
    ],
  },
  {
    institute: 'np-cept',
    course: 'epm-resources',
    title: 'School resource allocation, Kathmandu cohort',
    timeZone: 'Asia/Kathmandu',
    trainers: ['trainer@np.demo.cascade.test'],
    participants: [
      ['participant@np.demo.cascade.test', 'Lalitpur District Education Office'],
      ['participant2@np.demo.cascade.test', 'Bhaktapur Municipality Education Section'],
    ],
  },
];

/** Today's date in a time zone, minus some days: demo cohorts started two days ago, so modules 1-3 are open. */
/** The hour modules open in the demo cohorts (the schedule's default). */
export const DEMO_UNLOCK_HOUR = 8;

export function localDateDaysAgo(timeZone: string, days: number, now: Date): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
  const date = new Date(`${parts}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - days);
  return date.toISOString().slice(0, 10);
}

export interface DemoLogin {
  email: string;
  description: string;
}

/** The demo institutes and people; re-runnable: what exists already is left as it is. */
export async function seedDemo(
  dataSource: DataSource,
  now = new Date(),
): Promise<{ logins: DemoLogin[]; cohorts: string[] }> {
  const institutes = new InstitutesRepository(dataSource);
  const audit = new AuditRepository();
  const accounts = new AccountsRepository(dataSource, audit);
  const cohorts = new CohortsRepository(dataSource, audit);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return dataSource.transaction(async (manager) => {
    const ids = new Map<string, { id: string; name: string }>();
    for (const institute of INSTITUTES) {
      const { institute: row } = await institutes.ensureInstitute(manager, institute);
      ids.set(institute.slug, { id: row.id, name: row.name });
    }
    const logins: DemoLogin[] = [];
    const userIds = new Map<string, string>();
    for (const person of PEOPLE) {
      const { user } = await accounts.ensureUser(manager, {
        email: person.email,
        fullName: person.fullName,
        passwordHash,
        isPlatformAdmin: person.platformAdmin ?? false,
      });
      userIds.set(person.email, user.id);
      for (const [slug, role] of person.roles) {
        await accounts.grantRole(manager, { instituteId: ids.get(slug)!.id, userId: user.id, role, actorUserId: null });
      }
      const description = person.platformAdmin
        ? 'platform admin'
        : person.roles.map(([slug, role]) => `${role} at ${ids.get(slug)!.name}`).join('; ');
      logins.push({ email: person.email, description });
    }

    const cohortLines: string[] = [];
    for (const demo of COHORTS) {
      const institute = ids.get(demo.institute)!;
      let cohort = await cohorts.findCohortByTitle(manager, institute.id, demo.title);
      if (!cohort) {
        const [version] = await manager.query<{ id: string }[]>(
          `SELECT id FROM course_versions WHERE course_id = $1 ORDER BY number DESC LIMIT 1`,
          [demo.course],
        );
        if (!version) throw new Error(`Course ${demo.course} is not imported: run npm run content:import first`);
        const modules = await manager.query<{ module_key: string; number: number; week_number: number }[]>(
          `SELECT module_key, number, week_number FROM course_modules WHERE course_version_id = $1 ORDER BY number`,
          [version.id],
        );
        // "Two days ago" counted from the last 08:00 local (when modules open), not from midnight: between midnight
        // and 08:00 the third module would otherwise still be locked, and the demo would change with the hour.
        const startDate = localDateDaysAgo(demo.timeZone, 2, new Date(now.getTime() - DEMO_UNLOCK_HOUR * 3_600_000));
        const schedule = deriveSchedule({
          startDate,
          timeZone: demo.timeZone,
          modules: modules.map((module) => ({
            id: module.module_key,
            number: module.number,
            weekNumber: module.week_number,
          })),
        });
        cohort = await cohorts.createCohort(
          manager,
          institute.id,
          {
            courseVersionId: version.id,
            title: demo.title,
            startDate,
            timeZone: demo.timeZone,
            capacity: 40,
            enrolmentOpensAt: new Date(now.getTime() - 30 * 86_400_000),
            enrolmentClosesAt: new Date(now.getTime() + 5 * 86_400_000),
            schedule: toStoredSchedule(schedule),
            trainerIds: demo.trainers.map((email) => userIds.get(email)!),
          },
          null,
        );
      }
      for (const [email, organization] of demo.participants)
        await cohorts.enrol(manager, institute.id, cohort.id, userIds.get(email)!, null, organization);
      cohortLines.push(`${cohort.title} (${institute.name}): /i/${demo.institute}/cohorts/${cohort.id}`);
    }
    return { logins, cohorts: cohortLines };
  });
}
