import { describe, expect, it } from '@jest/globals';
import {
  authTokenExpiry,
  authTokenProblem,
  hashAuthToken,
  isWellFormedAuthToken,
  newAuthToken,
  tokenMailJobId,
} from './auth-tokens.js';

const NOW = new Date('2026-03-02T10:00:30Z');

describe('auth tokens', () => {
  it('should make URL-safe random tokens and keep only their sha256', () => {
    const first = newAuthToken();
    const second = newAuthToken();
    expect(first.token).not.toBe(second.token);
    expect(isWellFormedAuthToken(first.token)).toBe(true);
    expect(first.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(first.tokenHash).toBe(hashAuthToken(first.token));
    expect(first.tokenHash).not.toContain(first.token);
  });

  it('should refuse malformed tokens before any lookup', () => {
    expect(isWellFormedAuthToken(undefined)).toBe(false);
    expect(isWellFormedAuthToken('')).toBe(false);
    expect(isWellFormedAuthToken('a'.repeat(42))).toBe(false);
    expect(isWellFormedAuthToken(`${'a'.repeat(42)}/`)).toBe(false);
  });

  it('should let a reset link live one hour and an invitation seven days', () => {
    expect(authTokenExpiry('password-reset', NOW).toISOString()).toBe('2026-03-02T11:00:30.000Z');
    expect(authTokenExpiry('invitation', NOW).toISOString()).toBe('2026-03-09T10:00:30.000Z');
  });

  it('should refuse unknown, used and expired tokens, expiry being exclusive', () => {
    const expiresAt = authTokenExpiry('password-reset', NOW);
    expect(authTokenProblem(null, NOW)).toBe('unknown');
    expect(authTokenProblem({ usedAt: NOW, expiresAt }, NOW)).toBe('used');
    expect(authTokenProblem({ usedAt: null, expiresAt }, new Date(expiresAt.getTime() - 1))).toBeNull();
    expect(authTokenProblem({ usedAt: null, expiresAt }, expiresAt)).toBe('expired');
  });

  it('should give one job id per person, purpose and minute, in a form BullMQ accepts', () => {
    const reset = { userId: 'u1', purpose: 'password-reset' as const, instituteId: null, role: null };
    const id = tokenMailJobId(reset, NOW);
    expect(id.split(':')).toHaveLength(3);
    expect(tokenMailJobId(reset, new Date('2026-03-02T10:00:59Z'))).toBe(id);
    expect(tokenMailJobId(reset, new Date('2026-03-02T10:01:00Z'))).not.toBe(id);
    const invitation = { userId: 'u1', purpose: 'invitation' as const, instituteId: 'i1', role: 'trainer' };
    expect(tokenMailJobId(invitation, NOW)).not.toBe(tokenMailJobId({ ...invitation, instituteId: 'i2' }, NOW));
    expect(tokenMailJobId(invitation, NOW).split(':')).toHaveLength(3);
  });
});
