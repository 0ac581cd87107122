import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../src/config/config.js';
import { seedDemo } from '../../src/database/seeds/demo-seed.js';
import { AuditRepository } from '../../src/modules/audit/audit.repository.js';
import { ContentImportError } from '../../src/modules/content/content.errors.js';
import { InstitutesRepository } from '../../src/modules/institutes/institutes.repository.js';
import { InstitutesService } from '../../src/modules/institutes/institutes.service.js';
import { CopyFilesImportService } from '../../src/modules/localization/copy-files-import.service.js';
import { CourseCopiesRepository } from '../../src/modules/localization/course-copies.repository.js';
import { listCourseUnits } from '../../src/modules/localization/domain/translation-units.js';
import { createDatabaseWithCourses } from '../support/seeded-database.js';

describe('copies as files: content/copies/<institute>/<copy> imported after the courses', () => {
  let close: () => Promise<void>;
  let dataSource: DataSource;
  let service: CopyFilesImportService;
  let contentDir: string;
  const copyDir = () => path.join(contentDir, 'copies', 'sn-ifpe', 'reseaux-essai');

  const rows = () =>
    dataSource.query<
      { unit_id: string; kind: string; text: string | null; source_hash: string | null; after_unit: string | null }[]
    >(
      `SELECT u.unit_id, u.kind, u.text, u.source_hash, u.after_unit FROM course_copy_units u
       JOIN course_copies c ON c.id = u.copy_id WHERE c.slug = 'reseaux-essai' ORDER BY u.id`,
    );
  const counts = async () =>
    (
      await dataSource.query<{ copies: number; units: number }[]>(
        `SELECT (SELECT count(*)::int FROM course_copies) AS copies, (SELECT count(*)::int FROM course_copy_units) AS units`,
      )
    )[0];

  beforeAll(async () => {
    ({ dataSource, close } = await createDatabaseWithCourses());
    await seedDemo(dataSource);
    contentDir = await mkdtemp(path.join(os.tmpdir(), 'cascade-copies-'));
    await cp('content/courses', path.join(contentDir, 'courses'), { recursive: true });
    await cp('test/fixtures/copies', path.join(contentDir, 'copies'), { recursive: true });
    service = new CopyFilesImportService(
      new CourseCopiesRepository(dataSource),
      new AuditRepository(),
      new InstitutesService(new InstitutesRepository(dataSource)),
      { CONTENT_DIR: contentDir } as AppConfig,
    );
  });

  afterAll(async () => {
    await close();
    await rm(contentDir, { recursive: true, force: true });
  });

  it('should create the copy with translated, adapted, hidden and added units, hashed against the master', async () => {
    const report = await service.importCopies();
    expect(report.copies).toEqual([
      { institute: 'sn-ifpe', slug: 'reseaux-essai', created: true, written: expect.any(Number) as unknown as number },
    ]);
    expect(report.skipped).toEqual([]);
    const byUnit = new Map((await rows()).map((row) => [row.unit_id, row]));
    const [{ id: versionId }] = await dataSource.query<{ id: string }[]>(
      `SELECT id FROM course_versions WHERE course_id = 'epm-networks' ORDER BY number DESC LIMIT 1`,
    );
    const master = new Map(
      listCourseUnits((await new CourseCopiesRepository(dataSource).loadCourseContent(versionId))!).map((unit) => [
        unit.id,
        unit,
      ]),
    );
    expect(byUnit.get('net-m01/title')).toMatchObject({
      kind: 'translated',
      text: "Introduction aux réseaux et grappes d'écoles",
      source_hash: master.get('net-m01/title')!.sourceHash,
    });
    expect(byUnit.get('net-m01/sections/net-m01-case-study/markdown')).toMatchObject({ kind: 'adapted' });
    expect(byUnit.get('net-m01/sections/net-m01-equity/markdown')).toMatchObject({ kind: 'hidden', text: null });
    expect(byUnit.get('local/net-m01-cas-pikine/markdown')).toMatchObject({
      kind: 'added',
      after_unit: 'net-m01-defining-networks',
      source_hash: null,
    });
    expect(byUnit.get('net-m01/quiz/net-m01-q-three-tests/text')!.text).toContain('grappe de la zone 4');
    expect(byUnit.get('capstone/title')!.text).toBe('Plan stratégique et plan d’action du réseau');
    // Modules the copy has no file for stay untranslated: no rows.
    expect([...byUnit.keys()].some((unitId) => unitId.startsWith('net-m02/'))).toBe(false);
    expect(byUnit.has('course/title')).toBe(false);
  });

  it('should write nothing when the same files are imported again', async () => {
    const before = await counts();
    const report = await service.importCopies();
    expect(report).toEqual({
      copies: [{ institute: 'sn-ifpe', slug: 'reseaux-essai', created: false, written: 0 }],
      skipped: [],
    });
    expect(await counts()).toEqual(before);
  });

  it('should add only the changed unit when one text changes', async () => {
    const file = path.join(copyDir(), 'modules', '01-introduction-to-networks.md');
    const source = await readFile(file, 'utf8');
    await writeFile(file, source.replace('huit écoles élémentaires', 'neuf écoles élémentaires'));
    const report = await service.importCopies();
    expect(report.copies[0].written).toBe(1);
    const last = (await rows()).at(-1)!;
    expect(last).toMatchObject({ unit_id: 'local/net-m01-cas-pikine/markdown', kind: 'added' });
    expect(last.text).toContain('neuf écoles');
  });

  it('should refuse a bad copy.yaml naming the file and line, and write nothing at all', async () => {
    const before = await counts();
    const yamlFile = path.join(copyDir(), 'copy.yaml');
    const good = await readFile(yamlFile, 'utf8');
    await writeFile(yamlFile, good.replace('  - net-m01-equity', '  - net-m01-equity\n  - net-m01-no-such-section'));
    // A second copy folder that is valid: it must not be created either.
    await cp(path.join(copyDir()), path.join(contentDir, 'copies', 'sn-ifpe', 'reseaux-bis'), { recursive: true });
    await writeFile(path.join(contentDir, 'copies', 'sn-ifpe', 'reseaux-bis', 'copy.yaml'), good);
    try {
      const error = await service.importCopies().then(
        () => null,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(ContentImportError);
      expect((error as ContentImportError).message).toContain(
        `${yamlFile}:12: hidden: net-m01-no-such-section is not a section or objective`,
      );
      expect(await counts()).toEqual(before);
    } finally {
      await writeFile(yamlFile, good);
      await rm(path.join(contentDir, 'copies', 'sn-ifpe', 'reseaux-bis'), { recursive: true, force: true });
    }
  });

  it('should refuse a broken mirrored module file, naming it with its line', async () => {
    const before = await counts();
    const file = path.join(copyDir(), 'modules', '01-introduction-to-networks.md');
    const good = await readFile(file, 'utf8');
    await writeFile(file, good.replace('estimatedMinutes: 180', 'estimatedMinutes: beaucoup'));
    try {
      const error = (await service.importCopies().catch((caught: unknown) => caught)) as Error;
      expect(error).toBeInstanceOf(ContentImportError);
      expect(error.message).toContain(`${file}:5: estimatedMinutes`);
      expect(await counts()).toEqual(before);
    } finally {
      await writeFile(file, good);
    }
  });
});
