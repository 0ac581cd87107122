import { beforeAll, describe, expect, it } from '@jest/globals';
import yazl from 'yazl';
import { hashCourse } from '../../content/domain/hash-course.js';
import { networksCourse } from '../../localization/domain/localization.fixtures.js';
import {
  PACKAGE_FORMAT,
  PackageFormatError,
  readCoursePackage,
  unzip,
  writeCoursePackage,
  type PackageManifest,
} from './course-package.js';

const CREATED = new Date('2026-11-23T10:00:00Z');

const COPY = {
  institute: 'sn-ifpe',
  slug: 'reseaux',
  language: 'fr',
  title: 'Réseaux et grappes',
  branding: { colour: '#004' },
  units: [
    {
      unitId: 'course/title',
      kind: 'translated' as const,
      text: 'Réseaux',
      sourceHash: 'a'.repeat(64),
      afterUnit: null,
    },
    { unitId: 'local/dakar/title', kind: 'added' as const, text: 'Dakar', sourceHash: null, afterUnit: 'course/title' },
  ],
  xliff: '<?xml version="1.0"?><xliff/>',
};

async function zipOf(files: [string, Buffer | string][]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, content] of files) zip.addBuffer(Buffer.from(content), name, { mtime: CREATED });
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function refusal(bytes: Buffer): Promise<string> {
  try {
    await readCoursePackage(bytes);
  } catch (error) {
    if (error instanceof PackageFormatError) return error.message;
    throw error;
  }
  throw new Error('the package was accepted');
}

describe('course packages', () => {
  it('should write a course version and read it back with the same content hash and a manifest of every file', async () => {
    const course = await networksCourse();
    const bytes = await writeCoursePackage({ course, versionNumber: 3, copy: null, createdAt: CREATED });

    const read = await readCoursePackage(bytes);

    expect(hashCourse(read.course)).toBe(hashCourse(course));
    expect(read.course).toEqual(JSON.parse(JSON.stringify(course)));
    expect(read.copy).toBeNull();
    expect(read.manifest).toMatchObject({
      format: PACKAGE_FORMAT,
      formatVersion: 1,
      course: { id: course.id, slug: course.slug, versionNumber: 3, contentHash: hashCourse(course), language: 'en' },
      copy: null,
      languages: ['en'],
      createdAt: CREATED.toISOString(),
    });
    expect(read.manifest.files.map((file) => file.path)).toEqual(['course.json']);
    expect(read.manifest.files[0].sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('should carry a copy: copy.json with its units and the XLIFF, both hashed in the manifest', async () => {
    const course = await networksCourse();
    const bytes = await writeCoursePackage({ course, versionNumber: 1, copy: COPY, createdAt: CREATED });

    const read = await readCoursePackage(bytes);

    expect(read.copy).toEqual({
      slug: 'reseaux',
      language: 'fr',
      title: 'Réseaux et grappes',
      branding: { colour: '#004' },
      units: COPY.units,
    });
    expect(read.manifest.copy).toEqual({ institute: 'sn-ifpe', slug: 'reseaux', language: 'fr' });
    expect(read.manifest.languages).toEqual(['en', 'fr']);
    expect(read.manifest.files.map((file) => file.path)).toEqual(['course.json', 'copy.json', 'copy.xlf']);
  });

  it('should give the same bytes for the same input', async () => {
    const course = await networksCourse();
    const first = await writeCoursePackage({ course, versionNumber: 1, copy: COPY, createdAt: CREATED });
    const second = await writeCoursePackage({ course, versionNumber: 1, copy: COPY, createdAt: CREATED });
    expect(first.equals(second)).toBe(true);
  });

  describe('refuses a package that cannot be trusted', () => {
    let good: Map<string, Buffer>;
    const rebuilt = (change: (files: Map<string, Buffer>) => void) => {
      const files = new Map(good);
      change(files);
      return zipOf([...files]);
    };

    beforeAll(async () => {
      good = await unzip(
        await writeCoursePackage({ course: await networksCourse(), versionNumber: 1, copy: COPY, createdAt: CREATED }),
      );
    });

    it('should refuse a changed course.json (sha256 of the manifest no longer matches)', async () => {
      const tampered = await rebuilt((files) => {
        files.set('course.json', Buffer.from(files.get('course.json')!.toString().replace('Networks', 'Netwerks')));
      });
      expect(await refusal(tampered)).toMatch(/course.json (has|does not match)/);
    });

    it('should refuse a course.json and manifest changed together (content hash differs)', async () => {
      const manifest = JSON.parse(good.get('manifest.json')!.toString()) as PackageManifest;
      const course = Buffer.from(good.get('course.json')!.toString().replace('Networks', 'Netwerks'));
      const { createHash } = await import('node:crypto');
      manifest.files[0] = {
        path: 'course.json',
        size: course.length,
        sha256: createHash('sha256').update(course).digest('hex'),
      };
      const tampered = await rebuilt((files) => {
        files.set('course.json', course);
        files.set('manifest.json', Buffer.from(JSON.stringify(manifest)));
      });
      expect(await refusal(tampered)).toBe('course.json does not hash to the content hash of the manifest');
    });

    it('should refuse a changed copy.json', async () => {
      const tampered = await rebuilt((files) => {
        files.set('copy.json', Buffer.from(files.get('copy.json')!.toString().replace('Dakar', 'Thiès')));
      });
      expect(await refusal(tampered)).toMatch(/copy.json/);
    });

    it('should refuse a truncated file', async () => {
      const bytes = await zipOf([...good]);
      expect(await refusal(bytes.subarray(0, Math.floor(bytes.length / 2)))).toMatch(/not a readable ZIP/);
    });

    it('should refuse an unknown format or format version, and a missing manifest', async () => {
      const manifest = JSON.parse(good.get('manifest.json')!.toString()) as Record<string, unknown>;
      const withManifest = (value: object) =>
        rebuilt((files) => files.set('manifest.json', Buffer.from(JSON.stringify(value))));
      expect(await refusal(await withManifest({ ...manifest, formatVersion: 2 }))).toMatch(
        /format version 2 is not supported/,
      );
      expect(await refusal(await withManifest({ ...manifest, format: 'scorm' }))).toMatch(/not of format/);
      expect(await refusal(await rebuilt((files) => files.delete('manifest.json')))).toMatch(
        /manifest.json is missing/,
      );
    });

    it('should refuse a listed file that is missing and a file the manifest does not list', async () => {
      expect(await refusal(await rebuilt((files) => files.delete('copy.xlf')))).toMatch(
        /copy.xlf is listed .* missing/,
      );
      const twice = await zipOf([...good, ['copy.xlf', 'x']]);
      expect(await refusal(twice)).toMatch(/copy.xlf is in the package twice/);
      expect(await refusal(await zipOf([...good, ['notes.txt', 'hello']]))).toMatch(/unexpected file.*notes.txt/);
    });

    it('should refuse a path that climbs out of the package (zip slip)', async () => {
      const bytes = await zipOf([...good, ['zz/evil.json', '{}']]);
      const slip = Buffer.from(bytes.toString('latin1').replaceAll('zz/evil.json', '../evil.json'), 'latin1');
      const message = await refusal(slip);
      expect(message).toMatch(/evil.json/);
      expect(message).toMatch(/relative path|unexpected file/);
    });

    it('should refuse a zip bomb without inflating it (declared size over the limit)', async () => {
      const bomb = await zipOf(
        [...good].map(([name, bytes]) => [name, name === 'copy.xlf' ? Buffer.alloc(40 * 1024 * 1024) : bytes]),
      );
      expect(bomb.length).toBeLessThan(200 * 1024);
      expect(await refusal(bomb)).toMatch(/too large once unpacked \(copy.xlf\)/);
    });

    it('should refuse an entry whose inflated size differs from the size it declares', async () => {
      const bytes = await zipOf([...good]);
      // Lower the declared size of course.json in the central directory (4 bytes at offset 24 of its record).
      const central = bytes.lastIndexOf(Buffer.from('course.json')) - 46;
      expect(bytes.readUInt32LE(central)).toBe(0x02014b50);
      const lying = Buffer.from(bytes);
      lying.writeUInt32LE(10, central + 24);
      const message = await refusal(lying);
      expect(message).toMatch(/course.json/);
      expect(message).toMatch(/damaged|too many bytes|size/);
    });
  });
});
