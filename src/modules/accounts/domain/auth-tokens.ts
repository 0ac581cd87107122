import { createHash, randomBytes } from 'node:crypto';

export const AUTH_TOKEN_PURPOSES = ['invitation', 'password-reset'] as const;
export type AuthTokenPurpose = (typeof AUTH_TOKEN_PURPOSES)[number];

// A reset link is a key to the account sitting in a mailbox: short-lived. An invitation waits for a busy person.
export const AUTH_TOKEN_LIFETIME_MS: Record<AuthTokenPurpose, number> = {
  'password-reset': 3600 * 1000,
  invitation: 7 * 24 * 3600 * 1000,
};

/** A fresh random token for a link (256 bits, URL-safe), and the hash that is all the database keeps. */
export function newAuthToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashAuthToken(token) };
}

export function hashAuthToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Whether a string can be a token at all: checked before touching the database. */
export function isWellFormedAuthToken(token: unknown): token is string {
  return typeof token === 'string' && /^[A-Za-z0-9_-]{43}$/.test(token);
}

export function authTokenExpiry(purpose: AuthTokenPurpose, now: Date): Date {
  return new Date(now.getTime() + AUTH_TOKEN_LIFETIME_MS[purpose]);
}

export type AuthTokenProblem = 'unknown' | 'used' | 'expired';

/** Why a stored token cannot be used now, or null when it can. Expiry is exclusive: at expiresAt it is gone. */
export function authTokenProblem(
  token: { usedAt: Date | null; expiresAt: Date } | null,
  now: Date,
): AuthTokenProblem | null {
  if (!token) return 'unknown';
  if (token.usedAt) return 'used';
  if (token.expiresAt.getTime() <= now.getTime()) return 'expired';
  return null;
}

/**
 * The BullMQ job id of one mail request: a double click within the same minute sends one mail, a request a
 * minute later sends another. BullMQ accepts a colon only in ids of exactly three parts.
 */
export function tokenMailJobId(
  request: { userId: string; purpose: AuthTokenPurpose; instituteId: string | null; role: string | null },
  now: Date,
): string {
  const minute = Math.floor(now.getTime() / 60_000);
  const subject =
    request.purpose === 'invitation'
      ? `${request.userId}.${request.instituteId ?? 'none'}.${request.role ?? 'none'}`
      : request.userId;
  return `${request.purpose}:${subject}:${minute}`;
}
