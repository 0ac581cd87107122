import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  normaliseVerificationCode,
  serialNumber,
  VERIFICATION_CODE,
  verificationCodeFrom,
} from './certificate-identifiers.js';

describe('certificate identifiers', () => {
  it('should number serials per institute and year with six digits', () => {
    expect(serialNumber('np-cept', 2026, 123)).toBe('NP-CEPT-2026-000123');
    expect(serialNumber('sn-ifpe', 2027, 1_234_567)).toBe('SN-IFPE-2027-1234567');
  });

  it('should spell 80 random bits as four groups of Crockford base-32 characters', () => {
    expect(verificationCodeFrom(new Uint8Array(10))).toBe('0000-0000-0000-0000');
    expect(verificationCodeFrom(new Uint8Array(10).fill(255))).toBe('ZZZZ-ZZZZ-ZZZZ-ZZZZ');
    // 0x08 = 00001 000.. : the first character is 1.
    expect(verificationCodeFrom(Uint8Array.from([8, 0, 0, 0, 0, 0, 0, 0, 0, 0]))).toBe('1000-0000-0000-0000');
  });

  it('should give distinct random bytes distinct codes, each matching the pattern and read back as typed', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 10, maxLength: 10 }),
        fc.uint8Array({ minLength: 10, maxLength: 10 }),
        (a, b) => {
          const code = verificationCodeFrom(a);
          expect(code).toMatch(VERIFICATION_CODE);
          expect(normaliseVerificationCode(code.toLowerCase().replace(/-/g, ' '))).toBe(code);
          if (Buffer.from(a).equals(Buffer.from(b))) return;
          expect(verificationCodeFrom(b)).not.toBe(code);
        },
      ),
    );
  });

  it('should read look-alike letters as digits and refuse what cannot be a code', () => {
    expect(normaliseVerificationCode('o1il-0000-0000-0000')).toBe('0111-0000-0000-0000');
    expect(normaliseVerificationCode('ABC')).toBeNull();
    expect(normaliseVerificationCode('UUUU-0000-0000-0000')).toBeNull();
  });
});
