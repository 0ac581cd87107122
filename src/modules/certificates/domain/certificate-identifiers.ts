/** Crockford's base 32: no I, L, O or U, so a code read aloud or typed from paper is not mistaken. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** 16 characters of 5 bits: 80 random bits, shown as four groups (e.g. 7KQ2-M9XD-4TZP-W1HC). */
export const VERIFICATION_CODE = /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/;

/** A verification code from 10 random bytes (80 bits: unguessable, and short enough to type from paper). */
export function verificationCodeFrom(random: Uint8Array): string {
  if (random.length < 10) throw new Error('a verification code needs 10 random bytes');
  let bits = 0;
  let value = 0;
  let code = '';
  for (const byte of random.subarray(0, 10)) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      code += ALPHABET[(value >> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return code.match(/.{4}/g)!.join('-');
}

/**
 * A code as typed: case and spaces forgiven, the letters Crockford's alphabet leaves out read as the digits they
 * look like (O → 0, I and L → 1). Null when it cannot be a code.
 */
export function normaliseVerificationCode(input: string): string | null {
  const compact = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (compact.length !== 16) return null;
  const code = compact.match(/.{4}/g)!.join('-');
  return VERIFICATION_CODE.test(code) ? code : null;
}

/** The serial printed on a certificate: the institute's slug in capitals, the year and a six-digit number. */
export function serialNumber(instituteSlug: string, year: number, number: number): string {
  return `${instituteSlug.toUpperCase()}-${year}-${String(number).padStart(6, '0')}`;
}
