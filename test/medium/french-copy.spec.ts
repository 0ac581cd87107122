import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../src/config/config.js';
import { seedDemoCopies } from '../../src/database/seeds/demo-copy-seed.js';
import { seedDemo } from '../../src/database/seeds/demo-seed.js';
import { AuditRepository } from '../../src/modules/audit/audit.repository.js';
import { InstitutesRepository } from '../../src/modules/institutes/institutes.repository.js';
import { InstitutesService } from '../../src/modules/institutes/institutes.service.js';
import { CopyFilesImportService } from '../../src/modules/localization/copy-files-import.service.js';
import { CourseCopiesRepository } from '../../src/modules/localization/course-copies.repository.js';
import { CourseCopiesService } from '../../src/modules/localization/course-copies.service.js';
import { copyProgress } from '../../src/modules/localization/domain/copy-progress.js';
import { localizeCourse } from '../../src/modules/localization/domain/localize-course.js';
import { listCourseUnits } from '../../src/modules/localization/domain/translation-units.js';
import { createDatabaseWithCourses } from '../support/seeded-database.js';

describe('the French demo copy (content/copies/sn-ifpe/epm-networks-fr)', () => {
  let close: () => Promise<void>;
  let dataSource: DataSource;
  let service: CourseCopiesService;

  beforeAll(async () => {
    ({ dataSource, close } = await createDatabaseWithCourses());
    await seedDemo(dataSource);
    const seeded = await seedDemoCopies(dataSource, 'content');
    expect(seeded.cohort).toMatch(/^Cohorte de Dakar — réseaux \(FR\): \/i\/sn-ifpe\/cohorts\//);
    service = new CourseCopiesService(new CourseCopiesRepository(dataSource), new AuditRepository());
  });

  afterAll(async () => {
    await close();
  });

  it('should translate every unit of the ten modules, their quizzes and the capstone: nothing missing or stale', async () => {
    const copy = (await service.listCopies({ id: await instituteId(dataSource) } as never)).find(
      (entry) => entry.slug === 'epm-networks-fr',
    )!;
    const course = await service.loadCourseContent(copy.baseVersionId);
    const units = await service.currentUnits(copy);
    const progress = copyProgress(course, units);
    expect(progress.map((entry) => entry.group)).toEqual([
      'course',
      ...course.modules.map((module) => module.id),
      'capstone',
    ]);
    expect(course.modules).toHaveLength(10);
    for (const entry of progress)
      expect({ group: entry.group, missing: entry.missing, stale: entry.stale }).toEqual({
        group: entry.group,
        missing: 0,
        stale: 0,
      });
    expect(progress.find((entry) => entry.group === 'net-m10')!.adapted).toBeGreaterThan(0);
    const localized = localizeCourse(course, units, 'fr');
    const untranslated = [
      ...localized.modules.flatMap((module) => [
        module.title,
        module.introduction,
        ...module.objectives,
        ...module.sections.flatMap((section) => [section.title, section.body]),
      ]),
    ].filter((text) => text.state === 'untranslated' || text.state === 'stale');
    expect(untranslated).toEqual([]);
    // Quiz questions and the capstone read the copy's text for every field the master has.
    const masterUnits = listCourseUnits(course);
    const quizUnits = masterUnits.filter((unit) => unit.id.includes('/quiz/'));
    expect(quizUnits.length).toBeGreaterThan(100);
    for (const unit of [...quizUnits, ...masterUnits.filter((entry) => entry.id.startsWith('capstone/'))])
      expect(units.get(unit.id)?.text ?? `${unit.id} has no text`).not.toBe(`${unit.id} has no text`);
    expect(localized.capstone!.briefHtml).toContain('grappe des Collines');
  });

  it('should import nothing new when content:import runs again over the same files', async () => {
    const importer = new CopyFilesImportService(
      new CourseCopiesRepository(dataSource),
      new AuditRepository(),
      new InstitutesService(new InstitutesRepository(dataSource)),
      { CONTENT_DIR: 'content' } as AppConfig,
    );
    expect((await importer.importCopies()).copies).toEqual([
      { institute: 'sn-ifpe', slug: 'epm-networks-fr', created: false, written: 0 },
    ]);
  });
});

async function instituteId(dataSource: DataSource): Promise<string> {
  return (await dataSource.query<{ id: string }[]>(`SELECT id FROM institutes WHERE slug = 'sn-ifpe'`))[0].id;
}
