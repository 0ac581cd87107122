import type { DataSource } from 'typeorm';
import { AuditRepository } from '../../modules/audit/audit.repository.js';
import { CohortsRepository } from '../../modules/cohorts/cohorts.repository.js';
import { deriveSchedule } from '../../modules/cohorts/domain/cohort-schedule.js';
import { toStoredSchedule } from '../../modules/cohorts/domain/stored-schedule.js';
import { InstitutesRepository } from '../../modules/institutes/institutes.repository.js';
import { InstitutesService } from '../../modules/institutes/institutes.service.js';
import { CopyFilesImportService } from '../../modules/localization/copy-files-import.service.js';
import { CourseCopiesRepository } from '../../modules/localization/course-copies.repository.js';
import type { AppConfig } from '../../config/config.js';
import { DEMO_PASSWORD, DEMO_UNLOCK_HOUR, localDateDaysAgo } from './demo-seed.js';
import { AccountsRepository } from '../../modules/accounts/accounts.repository.js';
import { hashPassword } from '../../modules/accounts/domain/passwords.js';

/** The French cohort of the demo: Dakar's institute teaching its French copy of the networks course. */
export const DEMO_FRENCH_COHORT = {
  institute: 'sn-ifpe',
  copy: 'epm-networks-fr',
  title: 'Cohorte de Dakar — réseaux (FR)',
  timeZone: 'Africa/Dakar',
  trainer: 'trainer@sn.demo.cascade.test',
  /** A francophone participant of her own (French interface), so the English Dakar cohort's people stay as they were. */
  participant: {
    email: 'participant.fr@sn.demo.cascade.test',
    fullName: 'Aminata Diop',
    organization: 'Inspection de l’Éducation et de la Formation de Pikine',
  },
};

/**
 * After the institutes exist: imports content/copies (content:import skips the folders of institutes it does not
 * know yet) and, once the French copy is there, the French cohort on it. Re-runnable.
 */
export async function seedDemoCopies(
  dataSource: DataSource,
  contentDir: string,
  now = new Date(),
): Promise<{ copies: string[]; cohort: string | null }> {
  const audit = new AuditRepository();
  const importer = new CopyFilesImportService(
    new CourseCopiesRepository(dataSource),
    audit,
    new InstitutesService(new InstitutesRepository(dataSource)),
    { CONTENT_DIR: contentDir } as AppConfig,
  );
  const report = await importer.importCopies();
  const copies = report.copies.map(
    (copy) =>
      `/i/${copy.institute}/courses/${copy.slug} (${copy.created ? 'created' : 'kept'}, ${copy.written} unit rows)`,
  );
  const demo = DEMO_FRENCH_COHORT;
  const cohorts = new CohortsRepository(dataSource, audit);
  return dataSource.transaction(async (manager) => {
    const [copy] = await manager.query<{ id: string; institute_id: string; base_version_id: string }[]>(
      `SELECT c.id, c.institute_id, c.base_version_id FROM course_copies c JOIN institutes i ON i.id = c.institute_id
       WHERE i.slug = $1 AND c.slug = $2`,
      [demo.institute, demo.copy],
    );
    if (!copy) return { copies, cohort: null };
    let cohort = await cohorts.findCohortByTitle(manager, copy.institute_id, demo.title);
    if (!cohort) {
      const [version] = await manager.query<{ id: string }[]>(
        `SELECT v.id FROM course_versions v JOIN course_copies c ON c.course_id = v.course_id WHERE c.id = $1
         ORDER BY v.number DESC LIMIT 1`,
        [copy.id],
      );
      const modules = await manager.query<{ module_key: string; number: number; week_number: number }[]>(
        `SELECT module_key, number, week_number FROM course_modules WHERE course_version_id = $1 ORDER BY number`,
        [version.id],
      );
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
      const [trainer] = await manager.query<{ id: string }[]>('SELECT id FROM users WHERE email = $1', [demo.trainer]);
      cohort = await cohorts.createCohort(
        manager,
        copy.institute_id,
        {
          courseVersionId: version.id,
          courseCopyId: copy.id,
          title: demo.title,
          startDate,
          timeZone: demo.timeZone,
          capacity: 40,
          enrolmentOpensAt: new Date(now.getTime() - 30 * 86_400_000),
          enrolmentClosesAt: new Date(now.getTime() + 5 * 86_400_000),
          schedule: toStoredSchedule(schedule),
          trainerIds: trainer ? [trainer.id] : [],
        },
        null,
      );
    }
    const accounts = new AccountsRepository(dataSource, audit);
    const { user } = await accounts.ensureUser(manager, {
      email: demo.participant.email,
      fullName: demo.participant.fullName,
      passwordHash: await hashPassword(DEMO_PASSWORD),
      preferredLanguage: 'fr',
    });
    await accounts.grantRole(manager, {
      instituteId: copy.institute_id,
      userId: user.id,
      role: 'participant',
      actorUserId: null,
    });
    await cohorts.enrol(manager, copy.institute_id, cohort.id, user.id, null, demo.participant.organization);
    return { copies, cohort: `${cohort.title}: /i/${demo.institute}/cohorts/${cohort.id}` };
  });
}
