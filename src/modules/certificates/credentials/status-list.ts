import { gunzipSync, gzipSync } from 'node:zlib';

/**
 * W3C Bitstring Status List v1.0: the list is a bitstring, index 0 being the left-most (most significant)
 * bit of the first byte; it is GZIP-compressed, then multibase-encoded as base64url without padding
 * (prefix `u`). The spec asks for at least 16 KB (131,072 entries) so that one credential's status
 * does not single its holder out.
 */
export const STATUS_LIST_MIN_LENGTH = 131072;

/** A decoded list larger than this is refused: a small gzip stream can expand enormously. */
const MAX_DECODED_BYTES = 16 * 1024 * 1024;

export class StatusListError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StatusListError';
  }
}

function assertIndex(index: number, length: number): void {
  if (!Number.isInteger(index) || index < 0 || index >= length) {
    throw new StatusListError(
      `Status list index ${String(index)} is not an integer between 0 and ${length - 1} (the list has ${length} entries).`,
    );
  }
}

/** `encodedList` with the bits at `revokedIndexes` set. */
export function encodeStatusList(revokedIndexes: number[], length: number = STATUS_LIST_MIN_LENGTH): string {
  if (!Number.isInteger(length) || length < STATUS_LIST_MIN_LENGTH || length % 8 !== 0) {
    throw new StatusListError(
      `A status list must have a whole number of bytes and at least ${STATUS_LIST_MIN_LENGTH} entries; ${String(length)} was asked.`,
    );
  }
  const bits = new Uint8Array(length / 8);
  for (const index of revokedIndexes) {
    assertIndex(index, length);
    bits[index >> 3] |= 0x80 >> (index & 7);
  }
  return `u${gzipSync(bits).toString('base64url')}`;
}

/** The uncompressed bitstring of an `encodedList`. */
export function decodeStatusList(encodedList: string): Uint8Array {
  if (typeof encodedList !== 'string' || !encodedList.startsWith('u')) {
    throw new StatusListError('The encodedList is not multibase base64url (it must start with "u").');
  }
  const body = encodedList.slice(1);
  if (!/^[A-Za-z0-9_-]*$/.test(body)) {
    throw new StatusListError('The encodedList contains characters outside base64url.');
  }
  let bits: Buffer;
  try {
    bits = gunzipSync(Buffer.from(body, 'base64url'), { maxOutputLength: MAX_DECODED_BYTES });
  } catch (error) {
    throw new StatusListError(`The encodedList is not a GZIP stream: ${(error as Error).message}.`);
  }
  return new Uint8Array(bits.buffer, bits.byteOffset, bits.byteLength);
}

/** Whether the status bit at `index` is set (for a revocation list: the credential is revoked). */
export function isStatusBitSet(bits: Uint8Array, index: number): boolean {
  assertIndex(index, bits.length * 8);
  return (bits[index >> 3] & (0x80 >> (index & 7))) !== 0;
}

/** Every index whose bit is set, in increasing order. */
export function setStatusIndexes(bits: Uint8Array): number[] {
  const indexes: number[] = [];
  bits.forEach((byte, byteIndex) => {
    if (byte === 0) return;
    for (let bit = 0; bit < 8; bit += 1) {
      if (byte & (0x80 >> bit)) indexes.push(byteIndex * 8 + bit);
    }
  });
  return indexes;
}
