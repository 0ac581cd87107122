import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Test, type TestingModule } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ConfigModule } from '../../src/config/config.module.js';
import { DatabaseModule } from '../../src/database/database.module.js';
import { TemplatesModule } from '../../src/infra/templates/templates.module.js';
import { seedDemo } from '../../src/database/seeds/demo-seed.js';
import { ContentImportService } from '../../src/modules/content/content-import.service.js';
import { ContentModule } from '../../src/modules/content/content.module.js';
import { hashCourse } from '../../src/modules/content/domain/hash-course.js';
import type { InstituteView } from '../../src/modules/institutes/institutes.service.js';
import { InstitutesService } from '../../src/modules/institutes/institutes.service.js';
import type { CourseCopyRecord } from '../../src/modules/localization/course-copies.repository.js';
import { CourseCopiesService } from '../../src/modules/localization/course-copies.service.js';
import { joinParts, splitInline } from '../../src/modules/localization/domain/inline-codes.js';
import { listCourseUnits, sourceHash } from '../../src/modules/localization/domain/translation-units.js';
import { CopyExchangeService } from '../../src/modules/localization-exchange/copy-exchange.service.js';
import { CopyRebaseService } from '../../src/modules/localization-exchange/copy-rebase.service.js';
import { CoursePackageService } from '../../src/modules/localization-exchange/course-package.service.js';
import { LocalizationExchangeModule } from '../../src/modules/localization-exchange/localization-exchange.module.js';
import {
  CoursePackageRefusedError,
  TranslationImportRejectedError,
} from '../../src/modules/localization-exchange/localization-exchange.errors.js';
import { useTestEnvironment } from '../support/test-app.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const COURSE_FOLDER = 'education-networks-clusters';

/** What a translator does in the file: English words in the text (never in the codes) become French. */
function frenchText(text: string): string {
  return text
    .replace(/\bthe\b/gu, 'le')
    .replace(/\band\b/gu, 'et')
    .replace(/\bnetworks\b/gu, 'réseaux');
}

/** A CAT tool's work on the whole exported file: a <target> after every <source>, codes kept as they are. */
function translateXliff(xml: string): string {
  return xml.replace(/<source>([\s\S]*?)<\/source>/gu, (whole, inner: string) => {
    const target = inner
      .split(/(<[^>]+>)/u)
      .map((piece) => (piece.startsWith('<') ? piece : frenchText(piece)))
      .join('');
    return `${whole}\n        <target>${target}</target>`;
  });
}

/** The Markdown the import must store for a source translated as above. */
function expectedTarget(source: string): string {
  return joinParts(
    splitInline(source).map((part) => (part.kind === 'text' ? { ...part, text: frenchText(part.text) } : part)),
  );
}

interface Harness {
  database: TestDatabase;
  moduleRef: TestingModule;
  dataSource: DataSource;
}

async function harness(): Promise<Harness> {
  const database = await createTestDatabase();
  useTestEnvironment(database);
  const moduleRef = await Test.createTestingModule({
    imports: [ConfigModule, DatabaseModule, TemplatesModule, ContentModule, LocalizationExchangeModule],
  }).compile();
  return { database, moduleRef, dataSource: moduleRef.get<DataSource>(getDataSourceToken()) };
}

describe('localization exchange in PostgreSQL: XLIFF/CSV round trips, rebase, packages', () => {
  let main: Harness;
  let dataSource: DataSource;
  let copies: CourseCopiesService;
  let exchange: CopyExchangeService;
  let rebases: CopyRebaseService;
  let packages: CoursePackageService;
  let institute: InstituteView;
  let copy: CourseCopyRecord;
  let actor: string;
  let contentDir: string;

  const count = async (table: string) =>
    Number((await dataSource.query<{ n: string }[]>(`SELECT count(*) AS n FROM ${table}`))[0].n);
  const counts = async () => ({
    units: await count('course_copy_units'),
    audit: await count('audit_log'),
    copies: await count('course_copies'),
    versions: await count('course_versions'),
  });
  const refusal = async (work: Promise<unknown>) => {
    try {
      await work;
    } catch (error) {
      if (error instanceof TranslationImportRejectedError) return error.problems;
      throw error;
    }
    throw new Error('the file was accepted');
  };

  beforeAll(async () => {
    main = await harness();
    dataSource = main.dataSource;
    await main.moduleRef.get(ContentImportService).importCourses();
    await seedDemo(dataSource);
    copies = main.moduleRef.get(CourseCopiesService);
    exchange = main.moduleRef.get(CopyExchangeService);
    rebases = main.moduleRef.get(CopyRebaseService);
    packages = main.moduleRef.get(CoursePackageService);
    institute = (await main.moduleRef.get(InstitutesService).findBySlug('sn-ifpe'))!;
    [{ id: actor }] = await dataSource.query<{ id: string }[]>(
      `SELECT id FROM users WHERE email = 'admin@sn.demo.cascade.test'`,
    );
    const [{ id: versionId }] = await dataSource.query<{ id: string }[]>(
      `SELECT id FROM course_versions WHERE course_id = 'epm-networks' ORDER BY number DESC LIMIT 1`,
    );
    copy = await copies.createCopy(
      institute,
      {
        courseId: 'epm-networks',
        baseVersionId: versionId,
        language: 'fr',
        title: 'Réseaux',
        slug: 'reseaux',
        branding: {},
      },
      actor,
    );
    contentDir = await mkdtemp(path.join(os.tmpdir(), 'cascade-exchange-'));
    await cp(path.join('content', 'courses', COURSE_FOLDER), path.join(contentDir, 'courses', COURSE_FOLDER), {
      recursive: true,
    });
  });

  afterAll(async () => {
    await main.moduleRef.close();
    await main.database.drop();
    await rm(contentDir, { recursive: true, force: true });
  });

  it('should rebuild every stored version to its content hash (packages and diffs rely on it)', async () => {
    const [version] = await dataSource.query<{ id: string; content_hash: string }[]>(
      `SELECT id, content_hash FROM course_versions WHERE id = $1`,
      [copy.baseVersionId],
    );
    expect(hashCourse(await copies.loadCourseContent(version.id))).toBe(version.content_hash);
  });

  describe('XLIFF and CSV round trips', () => {
    it('should import a fully translated XLIFF of the whole course losslessly, in one audited transaction', async () => {
      const course = await copies.loadCourseContent(copy.baseVersionId);
      const units = listCourseUnits(course);
      const before = await counts();
      const exported = await exchange.exportFile(copy, 'xliff');
      expect(exported.fileName).toBe('reseaux-fr-v1.xlf');

      const result = await exchange.importFile(copy, Buffer.from(translateXliff(exported.body)), 'fr.xlf', actor);

      expect(result).toEqual({ updated: units.length, format: 'xliff' });
      const current = await copies.currentUnits(copy);
      for (const unit of units) {
        expect({ id: unit.id, text: current.get(unit.id)?.text }).toEqual({
          id: unit.id,
          text: expectedTarget(unit.source),
        });
        expect(current.get(unit.id)).toMatchObject({
          kind: 'translated',
          sourceHash: unit.sourceHash,
          createdBy: actor,
        });
      }
      expect(await counts()).toEqual({ ...before, units: before.units + units.length, audit: before.audit + 1 });
      // The translated words really are there: a lossless import of an unchanged file would prove nothing.
      expect(
        [...current.values()].filter((row) => row.text !== units.find((u) => u.id === row.unitId)?.source).length,
      ).toBeGreaterThan(units.length / 2);
    });

    it('should export the translations back as targets, and re-importing the same file write nothing', async () => {
      const exported = await exchange.exportFile(copy, 'xliff');
      expect(exported.body.match(/<target>/gu)?.length).toBe(
        listCourseUnits(await copies.loadCourseContent(copy.baseVersionId)).length,
      );
      expect(exported.body).toContain('state="translated"');
      const before = await counts();

      expect(await exchange.importFile(copy, Buffer.from(exported.body), 'again.xlf', actor)).toEqual({
        updated: 0,
        format: 'xliff',
      });
      expect(await counts()).toEqual(before);
    });

    it('should round-trip the CSV twin: a changed target becomes one new row, the rest write nothing', async () => {
      const csv = (await exchange.exportFile(copy, 'csv')).body;
      const lines = csv.split('\r\n');
      const row = lines.findIndex((line) => line.startsWith('net-m01/title,'));
      expect(row).toBeGreaterThan(0);
      const [id, hash] = lines[row].split(',');
      lines[row] = `${id},${hash},Introduction to networks,Introduction aux réseaux éducatifs`;
      const before = await counts();

      expect(await exchange.importFile(copy, Buffer.from(lines.join('\r\n')), 'fr.csv', actor)).toEqual({
        updated: 1,
        format: 'csv',
      });
      expect((await copies.currentUnits(copy)).get('net-m01/title')?.text).toBe('Introduction aux réseaux éducatifs');
      expect(await counts()).toEqual({ ...before, units: before.units + 1, audit: before.audit + 1 });
    });

    describe('refuses a bad file whole, naming each unit, and writes nothing', () => {
      let good: string;
      beforeAll(async () => {
        good = translateXliff(
          (await exchange.exportFile(copy, 'xliff')).body.replace(/\s*<target>[\s\S]*?<\/target>/gu, ''),
        );
      });
      const cases: [string, (xml: string) => string, RegExp, string | undefined][] = [
        [
          'an unknown unit id',
          (xml) => xml.replace('<unit id="net-m01.title"', '<unit id="net-m99.title"'),
          /unknown unit id/,
          'net-m99/title',
        ],
        [
          'a duplicated unit',
          (xml) => xml.replace(/(<unit id="net-m01\.title"[\s\S]*?<\/unit>)/u, '$1\n$1'),
          /appears twice/,
          'net-m01/title',
        ],
        [
          'a broken inline code',
          (xml) => xml.replace(/(<target>[^<]*)<ph id="1"[^>]*\/>/u, '$1'),
          /code|missing/,
          undefined,
        ],
        ['a wrong trgLang', (xml) => xml.replace('trgLang="fr"', 'trgLang="es"'), /trgLang/, undefined],
        ['a wrong srcLang', (xml) => xml.replace('srcLang="en"', 'srcLang="de"'), /srcLang/, undefined],
        [
          'a stale source hash',
          (xml) =>
            xml.replace(
              /(<unit id="net-m01\.title"[\s\S]*?category="source-hash">)[0-9a-f]{64}/u,
              `$1${sourceHash('old text')}`,
            ),
          /stale/,
          'net-m01/title',
        ],
        ['malformed XML', (xml) => xml.replace('</segment>', '</segmnt>'), /./, undefined],
      ];
      for (const [what, mutate, message, unitId] of cases) {
        it(`should refuse ${what}`, async () => {
          const before = await counts();
          const bad = mutate(good);
          expect(bad).not.toBe(good);
          const problems = await refusal(exchange.importFile(copy, Buffer.from(bad), 'bad.xlf', actor));
          expect(problems.some((problem) => message.test(problem.message))).toBe(true);
          if (unitId) expect(problems.map((problem) => problem.unitId)).toContain(unitId);
          expect(await counts()).toEqual(before);
        });
      }

      it('should refuse a repeated code and a code the source does not have', async () => {
        const before = await counts();
        const repeated = good.replace(/(<target>[^<]*)(<ph id="1"[^>]*\/>)/u, '$1$2$2');
        const foreign = good.replace(/(<unit id="net-m02\.title"[\s\S]*?<target>)/u, '$1<ph id="999"/>');
        expect(repeated).not.toBe(good);
        expect(foreign).not.toBe(good);
        expect(
          (await refusal(exchange.importFile(copy, Buffer.from(repeated), 'bad.xlf', actor))).length,
        ).toBeGreaterThan(0);
        const problems = await refusal(exchange.importFile(copy, Buffer.from(foreign), 'bad.xlf', actor));
        expect(problems.map((problem) => problem.unitId)).toContain('net-m02/title');
        expect(await counts()).toEqual(before);
      });

      it('should refuse a CSV with an unknown id and a stale hash, listing both', async () => {
        const csv = (await exchange.exportFile(copy, 'csv')).body;
        const lines = csv.split('\r\n');
        const at = lines.findIndex((line) => line.startsWith('net-m01/title,'));
        lines[at] = lines[at].replace(/^net-m01\/title,[0-9a-f]{64}/u, `net-m01/title,${sourceHash('x')}`);
        lines.push('net-m77/title,abc,Source,Cible');
        const before = await counts();
        const problems = await refusal(exchange.importFile(copy, Buffer.from(lines.join('\r\n')), 'bad.csv', actor));
        expect(problems.map((problem) => problem.unitId)).toEqual(
          expect.arrayContaining(['net-m01/title', 'net-m77/title']),
        );
        expect(await counts()).toEqual(before);
      });
    });
  });

  describe('upstream changes and rebase', () => {
    let moduleFile: string;

    it('should show no newer master version while the copy is on the newest', async () => {
      expect(await rebases.upstream(copy)).toBeNull();
    });

    it('should rebase onto a new master version keeping every translation, adaptation and local section', async () => {
      // Local work: an adaptation, a hidden unit and a local section anchored after a section about to be removed.
      await copies.saveUnits(
        copy,
        [
          {
            unitId: 'net-m01/sections/net-m01-case-study/markdown',
            kind: 'adapted',
            text: 'Au Sénégal, les CAP…',
            sourceHash: (await unitSource('net-m01/sections/net-m01-case-study/markdown')).sourceHash,
          },
          {
            unitId: 'local/net-m01-dakar/title',
            kind: 'added',
            text: 'Le réseau de Dakar',
            sourceHash: null,
            afterUnit: 'net-m01-equity',
          },
          {
            unitId: 'local/net-m01-dakar/markdown',
            kind: 'added',
            text: 'Les écoles de Pikine…',
            sourceHash: null,
            afterUnit: 'net-m01-equity',
          },
        ],
        actor,
      );
      const [{ id: cohortId, course_version_id: cohortVersion }] = await dataSource.query<
        { id: string; course_version_id: string }[]
      >(`SELECT id, course_version_id FROM cohorts WHERE course_version_id = $1 LIMIT 1`, [copy.baseVersionId]);
      // Upstream: a changed sentence, a removed section, the case study changed too.
      moduleFile = path.join(contentDir, 'courses', COURSE_FOLDER, 'modules', '01-introduction-to-networks.md');
      let text = await readFile(moduleFile, 'utf8');
      const equity = text.indexOf('## Examining the role of networks in improving educational equity');
      const next = text.indexOf('\n## ', equity + 5);
      text = text.slice(0, equity) + text.slice(next + 1);
      const caseStudy = text.indexOf('{#net-m01-case-study .case-study}');
      const paragraph = text.indexOf('\n\n', caseStudy) + 2;
      text = text.slice(0, paragraph) + 'A new opening sentence. ' + text.slice(paragraph);
      text = text.replace(
        '## Defining education networks and clusters {#net-m01-defining-networks}',
        '## Defining networks and clusters of schools {#net-m01-defining-networks}',
      );
      await writeFile(moduleFile, text);
      const imported = await main.moduleRef
        .get(ContentImportService)
        .importCourses({ contentDir, only: [COURSE_FOLDER] });
      expect(imported.courses[0]).toMatchObject({ versionNumber: 2, status: 'created' });

      const upstream = await rebases.upstream(copy);
      expect(upstream?.newest.number).toBe(2);
      expect(upstream!.diff.changed.map((change) => change.unitId)).toEqual(
        expect.arrayContaining([
          'net-m01/sections/net-m01-defining-networks/title',
          'net-m01/sections/net-m01-case-study/markdown',
        ]),
      );
      const title = upstream!.diff.changed.find(
        (change) => change.unitId === 'net-m01/sections/net-m01-defining-networks/title',
      )!;
      expect(title.parts).toEqual([
        { kind: 'same', text: 'Defining' },
        { kind: 'del', text: ' education' },
        { kind: 'same', text: ' networks and clusters' },
        { kind: 'ins', text: ' of schools' },
      ]);
      expect(upstream!.diff.removed.map((change) => change.unitId)).toEqual([
        'net-m01/sections/net-m01-equity/title',
        'net-m01/sections/net-m01-equity/markdown',
      ]);

      const translatedBefore = await copies.currentUnits(copy);
      const before = await counts();
      const report = await rebases.rebase(await copies.getCopy(institute, 'reseaux'), actor);

      const rebased = await copies.getCopy(institute, 'reseaux');
      expect(rebased.baseVersionNumber).toBe(2);
      expect(report.stale).toEqual(
        expect.arrayContaining([
          { unitId: 'net-m01/sections/net-m01-defining-networks/title', kind: 'translated' },
          { unitId: 'net-m01/sections/net-m01-case-study/markdown', kind: 'adapted' },
        ]),
      );
      expect(report.removed).toEqual(
        expect.arrayContaining([
          { unitId: 'net-m01/sections/net-m01-equity/title', kind: 'translated' },
          { unitId: 'net-m01/sections/net-m01-equity/markdown', kind: 'translated' },
        ]),
      );
      expect(report.removed).toHaveLength(2);
      expect(report.reanchored).toEqual(
        expect.arrayContaining([
          { unitId: 'local/net-m01-dakar/markdown', from: 'net-m01-equity', to: 'net-m01-case-study' },
          { unitId: 'local/net-m01-dakar/title', from: 'net-m01-equity', to: 'net-m01-case-study' },
        ]),
      );
      expect(report.reanchored).toHaveLength(2);
      expect(report.carried.length).toBeGreaterThan(500);

      // Nothing lost: every unit still has its text; the removed ones stay in the history.
      const after = await copies.currentUnits(rebased);
      for (const [unitId, row] of translatedBefore)
        expect({ unitId, text: after.get(unitId)?.text }).toEqual({ unitId, text: row.text });
      expect(after.get('local/net-m01-dakar/title')?.afterUnit).toBe('net-m01-case-study');
      expect(await counts()).toEqual({ ...before, units: before.units + 2, audit: before.audit + 1 });
      const [rebaseRow] = await dataSource.query<{ report: { stale: unknown[] } }[]>(
        `SELECT report FROM course_copy_rebases WHERE copy_id = $1`,
        [copy.id],
      );
      expect(rebaseRow.report.stale).toEqual(report.stale);
      // Cohorts already running keep their version.
      const [{ course_version_id: stillOn }] = await dataSource.query<{ course_version_id: string }[]>(
        `SELECT course_version_id FROM cohorts WHERE id = $1`,
        [cohortId],
      );
      expect(stillOn).toBe(cohortVersion);
      // A stale translation goes out untranslated (state initial), a carried one as a target.
      const xliff = (await exchange.exportFile(rebased, 'xliff')).body;
      const unitXml = (id: string) => {
        const start = xliff.indexOf(`<unit id="${id}"`);
        return xliff.slice(start, xliff.indexOf('</unit>', start));
      };
      expect(unitXml('net-m01.sections.net-m01-defining-networks.title')).toContain('state="initial"');
      expect(unitXml('net-m01.sections.net-m01-defining-networks.title')).not.toContain('<target>');
      expect(unitXml('net-m02.title')).toContain('<target>');
      expect(xliff).not.toContain('net-m01.sections.net-m01-case-study.markdown'); // adapted: not offered
      copy = rebased;
    });

    it('should refuse a second rebase when the copy is on the newest version, and the rebase table refuses changes', async () => {
      await expect(rebases.rebase(copy, actor)).rejects.toThrow(/already on the newest/);
      await expect(dataSource.query(`UPDATE course_copy_rebases SET report = '{}'`)).rejects.toThrow(/append-only/);
    });

    async function unitSource(unitId: string) {
      return listCourseUnits(await copies.loadCourseContent(copy.baseVersionId)).find((unit) => unit.id === unitId)!;
    }
  });

  describe('course packages', () => {
    let second: Harness;
    let packageBytes: Buffer;

    beforeAll(async () => {
      second = await harness();
      await second.dataSource.query(
        `INSERT INTO institutes (slug, name, country, default_language, languages, branding) VALUES ('sn-ifpe', 'IFPE', 'SN', 'fr', '{fr,en}', '{}')`,
      );
    });

    afterAll(async () => {
      await second.moduleRef.close();
      await second.database.drop();
    });

    it('should import a copy package into a fresh database: same content hash, same units; twice is a no-op', async () => {
      packageBytes = (
        await packages.exportPackage({
          courseSlug: 'education-networks-clusters',
          versionNumber: null,
          copy: { instituteSlug: 'sn-ifpe', copySlug: 'reseaux' },
        })
      ).bytes;
      const target = second.moduleRef.get(CoursePackageService);
      const [{ content_hash: hash }] = await dataSource.query<{ content_hash: string }[]>(
        `SELECT content_hash FROM course_versions WHERE id = $1`,
        [(await copies.getCopy(institute, 'reseaux')).baseVersionId],
      );

      const report = await target.importPackage(packageBytes, { instituteSlug: null }, null);

      expect(report).toEqual({
        course: { slug: 'education-networks-clusters', versionNumber: 1, status: 'created' },
        copy: {
          institute: 'sn-ifpe',
          slug: 'reseaux',
          status: 'created',
          unitsWritten: (await copies.currentUnits(copy)).size,
        },
      });
      const [{ content_hash: importedHash }] = await second.dataSource.query<{ content_hash: string }[]>(
        `SELECT content_hash FROM course_versions`,
      );
      expect(importedHash).toBe(hash);
      const imported = await second.dataSource.query<
        { unit_id: string; kind: string; text: string; source_hash: string; after_unit: string | null }[]
      >(
        `SELECT DISTINCT ON (unit_id) unit_id, kind, text, source_hash, after_unit FROM course_copy_units ORDER BY unit_id, id DESC`,
      );
      const original = [...(await copies.currentUnits(copy)).values()].map((row) => ({
        unit_id: row.unitId,
        kind: row.kind,
        text: row.text,
        source_hash: row.sourceHash,
        after_unit: row.afterUnit,
      }));
      expect(imported.sort((a, b) => a.unit_id.localeCompare(b.unit_id))).toEqual(
        original.sort((a, b) => a.unit_id.localeCompare(b.unit_id)),
      );

      const rows = async () =>
        (
          await second.dataSource.query<{ n: string }[]>(
            `SELECT (SELECT count(*) FROM course_copy_units) + (SELECT count(*) FROM course_versions) + (SELECT count(*) FROM audit_log) AS n`,
          )
        )[0].n;
      const before = await rows();
      expect(await target.importPackage(packageBytes, { instituteSlug: 'sn-ifpe' }, null)).toEqual({
        course: { slug: 'education-networks-clusters', versionNumber: 1, status: 'unchanged' },
        copy: { institute: 'sn-ifpe', slug: 'reseaux', status: 'unchanged', unitsWritten: 0 },
      });
      expect(await rows()).toBe(before);
    });

    it('should refuse a tampered package and write nothing', async () => {
      const target = second.moduleRef.get(CoursePackageService);
      const tampered = Buffer.from(packageBytes);
      // Flip one byte inside the compressed data of the first stored file after the manifest.
      tampered[Math.floor(tampered.length / 2)] ^= 0xff;
      const rows = async () =>
        (
          await second.dataSource.query<{ n: string }[]>(
            `SELECT (SELECT count(*) FROM course_copy_units) + (SELECT count(*) FROM course_versions) + (SELECT count(*) FROM course_copies) AS n`,
          )
        )[0].n;
      const before = await rows();
      await expect(target.importPackage(tampered, { instituteSlug: null }, null)).rejects.toThrow(
        CoursePackageRefusedError,
      );
      expect(await rows()).toBe(before);
    });

    it('should export a master version alone and refuse an unknown course', async () => {
      const { fileName, bytes } = await packages.exportPackage({
        courseSlug: 'education-networks-clusters',
        versionNumber: 1,
        copy: null,
      });
      expect(fileName).toBe('education-networks-clusters-v1.cascade.zip');
      expect(bytes.subarray(0, 2).toString()).toBe('PK');
      await expect(packages.exportPackage({ courseSlug: 'nope', versionNumber: null, copy: null })).rejects.toThrow(
        /No course "nope"/,
      );
    });
  });
});
