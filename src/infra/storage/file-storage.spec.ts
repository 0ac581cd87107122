import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { LocalDiskStorage } from './file-storage.js';

describe('LocalDiskStorage', () => {
  let root: string;
  let storage: LocalDiskStorage;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'cascade-storage-'));
    storage = new LocalDiskStorage(root);
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('should store bytes with their size and SHA-256, and give them back', async () => {
    const bytes = Buffer.from('%PDF-1.7 an action plan');
    const stored = await storage.put('institutes/a/capstones/plan.pdf', bytes);
    expect(stored).toEqual({
      key: 'institutes/a/capstones/plan.pdf',
      sizeBytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    });
    expect(await readFile(join(root, 'institutes', 'a', 'capstones', 'plan.pdf'))).toEqual(bytes);
    const stream = await storage.open('institutes/a/capstones/plan.pdf');
    const chunks: Buffer[] = [];
    for await (const chunk of stream!) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks)).toEqual(bytes);
  });

  it('should never overwrite a stored file', async () => {
    await storage.put('institutes/a/x.txt', Buffer.from('first'));
    await expect(storage.put('institutes/a/x.txt', Buffer.from('second'))).rejects.toThrow(/never overwritten/);
    expect(await readFile(join(root, 'institutes', 'a', 'x.txt'), 'utf8')).toBe('first');
  });

  it('should let exactly one of many simultaneous writers of a key win, keeping its bytes whole', async () => {
    const key = 'institutes/a/certificates/race.json';
    const writers = Array.from({ length: 12 }, (_, index) => Buffer.from(`writer ${index} `.repeat(50_000)));
    const results = await Promise.allSettled(writers.map((bytes) => storage.put(key, bytes)));
    const won = results.flatMap((result, index) => (result.status === 'fulfilled' ? [index] : []));
    expect(won).toHaveLength(1);
    for (const result of results)
      if (result.status === 'rejected') expect(String(result.reason)).toContain('is never overwritten');
    expect(await readFile(join(root, 'institutes', 'a', 'certificates', 'race.json'))).toEqual(writers[won[0]]);
    // No temporary file is left behind.
    expect((await readdir(join(root, 'institutes', 'a', 'certificates'))).sort()).toEqual(['race.json']);
  });

  it('should answer null for a missing file', async () => {
    expect(await storage.open('institutes/a/missing.pdf')).toBeNull();
    expect(await storage.exists('institutes/a/missing.pdf')).toBe(false);
  });

  it.each(['../outside', 'institutes/../../etc/passwd', '/etc/passwd', 'institutes//a', 'institutes/./a', ''])(
    'should refuse the key %j',
    async (key) => {
      await expect(storage.put(key, Buffer.from('x'))).rejects.toThrow(/invalid key/);
      await expect(storage.open(key)).rejects.toThrow(/invalid key/);
    },
  );
});
