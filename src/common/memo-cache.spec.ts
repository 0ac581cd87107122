import { describe, expect, it } from '@jest/globals';
import { MemoCache } from './memo-cache.js';

describe('MemoCache', () => {
  it('should load a key once for concurrent callers', async () => {
    const cache = new MemoCache<number>({ maxEntries: 10 });
    let loads = 0;
    const load = async () => ++loads;
    const values = await Promise.all([cache.get('a', load), cache.get('a', load), cache.get('a', load)]);
    expect(values).toEqual([1, 1, 1]);
    expect(loads).toBe(1);
  });

  it('should reload after the time to live', async () => {
    let now = 0;
    const cache = new MemoCache<number>({ maxEntries: 10, ttlMs: 100, now: () => now });
    let loads = 0;
    const load = async () => ++loads;
    expect(await cache.get('a', load)).toBe(1);
    now = 99;
    expect(await cache.get('a', load)).toBe(1);
    now = 100;
    expect(await cache.get('a', load)).toBe(2);
  });

  it('should not keep a value that keep refuses, so the next call loads again', async () => {
    const cache = new MemoCache<string | null>({ maxEntries: 10, keep: (value) => value !== null });
    let stored: string | null = null;
    const load = async () => stored;
    expect(await cache.get('slug', load)).toBeNull();
    stored = 'created since';
    expect(await cache.get('slug', load)).toBe('created since');
    stored = 'changed again';
    expect(await cache.get('slug', load)).toBe('created since');
  });

  it('should forget a failed load so the next call retries', async () => {
    const cache = new MemoCache<number>({ maxEntries: 10 });
    await expect(cache.get('a', () => Promise.reject(new Error('database down')))).rejects.toThrow('database down');
    expect(await cache.get('a', async () => 7)).toBe(7);
  });

  it('should evict the oldest entry when full', async () => {
    const cache = new MemoCache<string>({ maxEntries: 2 });
    await cache.get('a', async () => 'a1');
    await cache.get('b', async () => 'b1');
    await cache.get('c', async () => 'c1');
    expect(await cache.get('a', async () => 'a2')).toBe('a2');
    expect(await cache.get('c', async () => 'c2')).toBe('c1');
  });
});
