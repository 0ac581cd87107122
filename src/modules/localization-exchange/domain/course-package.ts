import { createHash } from 'node:crypto';
import yauzl, { type Entry, type ZipFile as ZipReader } from 'yauzl';
import yazl from 'yazl';
import type { CourseContent } from '../../content/domain/content.types.js';
import { canonicalJson, hashCourse } from '../../content/domain/hash-course.js';
import type { CopyUnitKind } from './rebase-plan.js';

export const PACKAGE_FORMAT = 'cascade-course-package';
export const PACKAGE_FORMAT_VERSION = 1;

/** The only files a package may hold. */
export const PACKAGE_FILES = {
  manifest: 'manifest.json',
  course: 'course.json',
  copy: 'copy.json',
  xliff: 'copy.xlf',
} as const;

// Zip-bomb limits: declared sizes are checked before inflating, and yauzl refuses an entry whose inflated size
// differs from the declared one, so a lying header cannot make us inflate more than this.
export const PACKAGE_LIMITS = { entries: 8, entryBytes: 32 * 1024 * 1024, totalBytes: 64 * 1024 * 1024 };

export interface PackageFileEntry {
  path: string;
  size: number;
  sha256: string;
}

export interface PackageManifest {
  format: typeof PACKAGE_FORMAT;
  formatVersion: typeof PACKAGE_FORMAT_VERSION;
  course: { id: string; slug: string; versionNumber: number; contentHash: string; language: string };
  /** Present for a copy: where it came from (the importer chooses the institute it lands in). */
  copy: { institute: string; slug: string; language: string } | null;
  languages: string[];
  createdAt: string;
  files: PackageFileEntry[];
}

export interface PackagedCopyUnit {
  unitId: string;
  kind: CopyUnitKind;
  text: string | null;
  sourceHash: string | null;
  afterUnit: string | null;
}

/** copy.json: the copy's metadata and the current state of each of its units. */
export interface PackagedCopy {
  slug: string;
  language: string;
  title: string;
  branding: Record<string, unknown>;
  units: PackagedCopyUnit[];
}

export interface PackageInput {
  course: CourseContent;
  versionNumber: number;
  copy: (PackagedCopy & { institute: string; xliff: string }) | null;
  createdAt: Date;
}

export interface ReadPackage {
  manifest: PackageManifest;
  course: CourseContent;
  copy: PackagedCopy | null;
}

/** A package that cannot be trusted or read; the message says what is wrong. */
export class PackageFormatError extends Error {}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * One ZIP: manifest.json (format, course, version, content hash, languages, and path, size and sha256 of every other
 * file), course.json (the version's parsed content as canonical JSON: its hash is the content hash), and for a copy
 * copy.json (metadata and current units) and copy.xlf (the XLIFF, for people). Same input, same bytes.
 */
export async function writeCoursePackage(input: PackageInput): Promise<Buffer> {
  const contentHash = hashCourse(input.course);
  const files = new Map<string, Buffer>([[PACKAGE_FILES.course, Buffer.from(canonicalJson(input.course), 'utf8')]]);
  if (input.copy) {
    const { institute: _institute, xliff, ...copy } = input.copy;
    files.set(PACKAGE_FILES.copy, Buffer.from(JSON.stringify(copy, null, 2), 'utf8'));
    files.set(PACKAGE_FILES.xliff, Buffer.from(xliff, 'utf8'));
  }
  const manifest: PackageManifest = {
    format: PACKAGE_FORMAT,
    formatVersion: PACKAGE_FORMAT_VERSION,
    course: {
      id: input.course.id,
      slug: input.course.slug,
      versionNumber: input.versionNumber,
      contentHash,
      language: input.course.language,
    },
    copy: input.copy && { institute: input.copy.institute, slug: input.copy.slug, language: input.copy.language },
    languages: [input.course.language, ...(input.copy ? [input.copy.language] : [])],
    createdAt: input.createdAt.toISOString(),
    files: [...files].map(([path, bytes]) => ({ path, size: bytes.length, sha256: sha256(bytes) })),
  };
  const zip = new yazl.ZipFile();
  const options = { mtime: input.createdAt, mode: 0o100644 };
  zip.addBuffer(Buffer.from(JSON.stringify(manifest, null, 2), 'utf8'), PACKAGE_FILES.manifest, options);
  for (const [path, bytes] of files) zip.addBuffer(bytes, path, options);
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Opens a package and verifies it whole: known format and version, only known files, each listed with its exact size
 * and sha256, nothing missing or extra, and course.json hashing to the manifest's content hash. Throws
 * PackageFormatError naming the first thing wrong; reads nothing to disk.
 */
export async function readCoursePackage(bytes: Buffer): Promise<ReadPackage> {
  const entries = await unzip(bytes);
  const manifestBytes = entries.get(PACKAGE_FILES.manifest);
  if (!manifestBytes) throw new PackageFormatError('manifest.json is missing: this is not a Cascade course package');
  const manifest = readManifest(parseJson(manifestBytes, PACKAGE_FILES.manifest));

  const listed = new Set(manifest.files.map((file) => file.path));
  for (const name of entries.keys()) {
    if (name !== PACKAGE_FILES.manifest && !listed.has(name))
      throw new PackageFormatError(`${name} is in the package but not in the manifest`);
  }
  for (const file of manifest.files) {
    const content = entries.get(file.path);
    if (!content) throw new PackageFormatError(`${file.path} is listed in the manifest but missing`);
    if (content.length !== file.size)
      throw new PackageFormatError(`${file.path} has ${content.length} bytes, the manifest says ${file.size}`);
    if (sha256(content) !== file.sha256)
      throw new PackageFormatError(`${file.path} does not match its sha256 in the manifest (changed or damaged)`);
  }
  const courseBytes = entries.get(PACKAGE_FILES.course);
  if (!courseBytes) throw new PackageFormatError('course.json is missing');
  const course = parseJson(courseBytes, PACKAGE_FILES.course) as CourseContent;
  if (!isCourseShaped(course)) throw new PackageFormatError('course.json is not a course');
  if (hashCourse(course) !== manifest.course.contentHash)
    throw new PackageFormatError('course.json does not hash to the content hash of the manifest');
  if (course.id !== manifest.course.id || course.slug !== manifest.course.slug)
    throw new PackageFormatError('course.json is another course than the manifest names');

  const copyBytes = entries.get(PACKAGE_FILES.copy);
  if (manifest.copy && !copyBytes) throw new PackageFormatError('the manifest names a copy but copy.json is missing');
  if (!manifest.copy && copyBytes) throw new PackageFormatError('copy.json is present but the manifest names no copy');
  const copy = copyBytes ? readCopy(parseJson(copyBytes, PACKAGE_FILES.copy)) : null;
  return { manifest, course, copy };
}

/** The files of a package's ZIP, by name; refuses unknown names, duplicates and sizes over the limits. */
export function unzip(bytes: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    const fail = (message: string) => reject(new PackageFormatError(message));
    yauzl.fromBuffer(
      bytes,
      { lazyEntries: true, validateEntrySizes: true, strictFileNames: true },
      (error: Error | null, zip: ZipReader) => {
        if (error) return fail(`not a readable ZIP file (${error.message})`);
        if (zip.entryCount > PACKAGE_LIMITS.entries) {
          zip.close();
          return fail(`the package has ${zip.entryCount} files; at most ${PACKAGE_LIMITS.entries} are allowed`);
        }
        const files = new Map<string, Buffer>();
        let total = 0;
        zip.on('error', (zipError: Error) => fail(`the ZIP file is damaged (${zipError.message})`));
        zip.on('end', () => resolve(files));
        zip.on('entry', (entry: Entry) => {
          const refuse = (message: string) => {
            zip.close();
            fail(message);
          };
          const known = (Object.values(PACKAGE_FILES) as string[]).includes(entry.fileName);
          if (!known) return refuse(`unexpected file in the package: ${entry.fileName}`);
          if (files.has(entry.fileName)) return refuse(`${entry.fileName} is in the package twice`);
          total += entry.uncompressedSize;
          if (entry.uncompressedSize > PACKAGE_LIMITS.entryBytes || total > PACKAGE_LIMITS.totalBytes)
            return refuse(`the package is too large once unpacked (${entry.fileName})`);
          zip.openReadStream(entry, (streamError, stream) => {
            if (streamError) return refuse(`${entry.fileName} cannot be read (${streamError.message})`);
            const chunks: Buffer[] = [];
            stream.on('data', (chunk: Buffer) => chunks.push(chunk));
            stream.on('error', (readError: Error) => refuse(`${entry.fileName} is damaged (${readError.message})`));
            stream.on('end', () => {
              files.set(entry.fileName, Buffer.concat(chunks));
              zip.readEntry();
            });
          });
        });
        zip.readEntry();
      },
    );
  });
}

function parseJson(bytes: Buffer, name: string): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new PackageFormatError(`${name} is not UTF-8 JSON`);
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isString = (value: unknown): value is string => typeof value === 'string';
const isHash = (value: unknown): value is string => isString(value) && /^[0-9a-f]{64}$/u.test(value);

function readManifest(value: unknown): PackageManifest {
  if (!isObject(value) || value.format !== PACKAGE_FORMAT)
    throw new PackageFormatError(`manifest.json is not of format "${PACKAGE_FORMAT}"`);
  if (value.formatVersion !== PACKAGE_FORMAT_VERSION)
    throw new PackageFormatError(
      `package format version ${String(value.formatVersion)} is not supported (this installation reads ${PACKAGE_FORMAT_VERSION})`,
    );
  const course = value.course;
  if (
    !isObject(course) ||
    !isString(course.id) ||
    !isString(course.slug) ||
    !Number.isInteger(course.versionNumber) ||
    !isHash(course.contentHash) ||
    !isString(course.language)
  )
    throw new PackageFormatError('manifest.json: course must have id, slug, versionNumber, contentHash, language');
  const copy = value.copy;
  if (copy !== null && !(isObject(copy) && isString(copy.institute) && isString(copy.slug) && isString(copy.language)))
    throw new PackageFormatError('manifest.json: copy must be null or have institute, slug and language');
  const files = value.files;
  if (
    !Array.isArray(files) ||
    !files.every(
      (file) => isObject(file) && isString(file.path) && Number.isInteger(file.size) && isHash(file.sha256),
    ) ||
    new Set(files.map((file) => (file as PackageFileEntry).path)).size !== files.length
  )
    throw new PackageFormatError('manifest.json: files must list path, size and sha256 of each file once');
  if (!Array.isArray(value.languages) || !value.languages.every(isString) || !isString(value.createdAt))
    throw new PackageFormatError('manifest.json: languages and createdAt are required');
  return value as unknown as PackageManifest;
}

function isCourseShaped(value: unknown): value is CourseContent {
  return (
    isObject(value) &&
    isString(value.id) &&
    isString(value.slug) &&
    /^[a-z0-9]+(-[a-z0-9]+)*$/u.test(value.slug) &&
    isString(value.language) &&
    isString(value.title) &&
    Array.isArray(value.modules) &&
    Array.isArray(value.weeks)
  );
}

const UNIT_KINDS: readonly string[] = ['translated', 'adapted', 'hidden', 'added'];

function readCopy(value: unknown): PackagedCopy {
  if (
    !isObject(value) ||
    !isString(value.slug) ||
    !isString(value.language) ||
    !isString(value.title) ||
    !isObject(value.branding) ||
    !Array.isArray(value.units)
  )
    throw new PackageFormatError('copy.json must have slug, language, title, branding and units');
  for (const [index, unit] of value.units.entries()) {
    const ok =
      isObject(unit) &&
      isString(unit.unitId) &&
      isString(unit.kind) &&
      UNIT_KINDS.includes(unit.kind) &&
      (unit.text === null || isString(unit.text)) &&
      (unit.sourceHash === null || isHash(unit.sourceHash)) &&
      (unit.afterUnit === null || isString(unit.afterUnit));
    if (!ok) throw new PackageFormatError(`copy.json: unit ${index + 1} is malformed`);
  }
  return value as unknown as PackagedCopy;
}
