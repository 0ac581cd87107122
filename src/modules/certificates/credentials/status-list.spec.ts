import { gunzipSync, gzipSync } from 'node:zlib';

import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';

import {
  decodeStatusList,
  encodeStatusList,
  isStatusBitSet,
  setStatusIndexes,
  STATUS_LIST_MIN_LENGTH,
  StatusListError,
} from './status-list.js';

/**
 * The encodedList of the examples in W3C "Bitstring Status List v1.0" (https://www.w3.org/TR/vc-bitstring-status-list/,
 * e.g. EXAMPLE "BitstringStatusListCredential"): a 16 KB list with no bit set.
 */
const W3C_EXAMPLE_ENCODED_LIST = 'uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA';

describe('Bitstring Status List', () => {
  it("should decode the W3C spec's example list to 131,072 clear entries", () => {
    const bits = decodeStatusList(W3C_EXAMPLE_ENCODED_LIST);
    expect(bits.length * 8).toBe(131072);
    expect(setStatusIndexes(bits)).toEqual([]);
    expect(isStatusBitSet(bits, 0)).toBe(false);
    expect(isStatusBitSet(bits, 131071)).toBe(false);
  });

  it("should read another implementation's list with entry 1 revoked as entry 1", () => {
    // A unit-test vector of an independent Rust implementation of the spec (public code; its bitstring has
    // index 1 set): agreeing on it shows both number entries from the left-most bit.
    const bits = decodeStatusList('uH4sIAAAAAAAA_-3AsQAAAAACsNDypwqjZ2sAAAAAAAAAAAAAAAAAAACAtwE3F1_NAEAAAA');
    expect(setStatusIndexes(bits)).toEqual([1]);
    expect(Buffer.from(bits).equals(Buffer.from(decodeStatusList(encodeStatusList([1]))))).toBe(true);
  });

  it("should encode an empty list to the same bits as the W3C spec's example", () => {
    const ours = encodeStatusList([]);
    expect(ours.startsWith('uH4sI')).toBe(true); // multibase base64url of a GZIP stream (1f 8b 08)
    expect(Buffer.from(decodeStatusList(ours)).equals(Buffer.from(decodeStatusList(W3C_EXAMPLE_ENCODED_LIST)))).toBe(
      true,
    );
  });

  it('should be at least 16 KB uncompressed, as the spec requires for group privacy', () => {
    expect(STATUS_LIST_MIN_LENGTH).toBe(131072);
    const raw = gunzipSync(Buffer.from(encodeStatusList([5]).slice(1), 'base64url'));
    expect(raw.length).toBe(16384);
  });

  it('should number entries from the left-most bit of the first byte', () => {
    const raw = gunzipSync(Buffer.from(encodeStatusList([0, 9, 131071]).slice(1), 'base64url'));
    expect(raw[0]).toBe(0b1000_0000);
    expect(raw[1]).toBe(0b0100_0000);
    expect(raw[16383]).toBe(0b0000_0001);
    expect(raw.subarray(2, 16383).every((byte) => byte === 0)).toBe(true);
  });

  it('should read back exactly the revoked indexes, for any set of them (round trip)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 131071 }), { maxLength: 200 }), (indexes) => {
        const bits = decodeStatusList(encodeStatusList(indexes));
        expect(setStatusIndexes(bits)).toEqual([...indexes].sort((a, b) => a - b));
        for (const index of indexes.slice(0, 5)) expect(isStatusBitSet(bits, index)).toBe(true);
      }),
      { numRuns: 50 },
    );
  });

  it('should support a longer list in whole bytes', () => {
    const bits = decodeStatusList(encodeStatusList([200000], 262144));
    expect(bits.length * 8).toBe(262144);
    expect(setStatusIndexes(bits)).toEqual([200000]);
  });

  it('should refuse indexes and lengths outside the list, naming them', () => {
    expect(() => encodeStatusList([131072])).toThrow('Status list index 131072 is not an integer between 0 and 131071');
    expect(() => encodeStatusList([-1])).toThrow(StatusListError);
    expect(() => encodeStatusList([1.5])).toThrow('Status list index 1.5');
    expect(() => encodeStatusList([], 1024)).toThrow('at least 131072 entries; 1024 was asked');
    expect(() => encodeStatusList([], 131073)).toThrow(StatusListError);
    expect(() => isStatusBitSet(decodeStatusList(W3C_EXAMPLE_ENCODED_LIST), 131072)).toThrow(
      '(the list has 131072 entries)',
    );
  });

  it('should refuse an encodedList that is not multibase base64url GZIP', () => {
    expect(() => decodeStatusList('H4sIAAAA')).toThrow('it must start with "u"');
    expect(() => decodeStatusList('uH4s+IAAA=')).toThrow('characters outside base64url');
    expect(() => decodeStatusList(`u${Buffer.from('not gzip').toString('base64url')}`)).toThrow(
      'The encodedList is not a GZIP stream',
    );
  });

  it('should refuse a list that expands beyond 16 MB (a GZIP bomb)', () => {
    const bomb = `u${gzipSync(Buffer.alloc(17 * 1024 * 1024)).toString('base64url')}`;
    expect(() => decodeStatusList(bomb)).toThrow(StatusListError);
  });
});
