import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
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
