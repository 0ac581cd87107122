import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { link, mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';

/** What was stored: its size and SHA-256, computed from the bytes actually written. */
export interface StoredFile {
  key: string;
  sizeBytes: number;
  sha256: string;
}

/**
 * Where uploaded and generated files live. Keys are chosen by the caller and start with the institute
 * (`institutes/<instituteId>/…`), so a key never reaches another tenant's files by accident; callers still check
 * who may read a file before asking for it. A stored file is never overwritten.
 */
export abstract class FileStorage {
  abstract put(key: string, bytes: Buffer): Promise<StoredFile>;
  /** The file's bytes as a stream; null when there is no such file. */
  abstract open(key: string): Promise<Readable | null>;
  abstract exists(key: string): Promise<boolean>;
}

const KEY = /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/;

/** Files on a local disk under one root folder (STORAGE_DIR). Writes go to a temporary name, then are renamed. */
export class LocalDiskStorage extends FileStorage {
  private readonly root: string;

  constructor(root: string) {
    super();
    this.root = resolve(root);
  }

  async put(key: string, bytes: Buffer): Promise<StoredFile> {
    const path = this.pathOf(key);
    if (await this.exists(key)) throw new Error(`file storage: ${key} already exists and is never overwritten`);
    await mkdir(dirname(path), { recursive: true });
    const temporary = `${path}.${randomUUID()}.partial`;
    try {
      await writeFile(temporary, bytes, { flag: 'wx' });
      // link, unlike rename, refuses to replace an existing file: of two writers racing past the check above,
      // exactly one wins and the other's bytes never land, so a stored file is never overwritten.
      await link(temporary, path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST')
        throw new Error(`file storage: ${key} already exists and is never overwritten`, { cause: error });
      throw error;
    } finally {
      await rm(temporary, { force: true });
    }
    return { key, sizeBytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
  }

  async open(key: string): Promise<Readable | null> {
    if (!(await this.exists(key))) return null;
    return createReadStream(this.pathOf(key));
  }

  async exists(key: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(key))).isFile();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
  }

  private pathOf(key: string): string {
    // Keys are plain relative paths: no "..", no absolute paths, nothing that could leave the root.
    if (!KEY.test(key) || key.split('/').some((part) => part === '..' || part === '.'))
      throw new Error(`file storage: invalid key ${JSON.stringify(key)}`);
    const path = join(this.root, ...key.split('/'));
    if (!path.startsWith(this.root + sep)) throw new Error(`file storage: key ${key} leaves the storage folder`);
    return path;
  }
}
