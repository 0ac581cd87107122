import { describe, expect, it } from '@jest/globals';
import { mayActAs, rolesIn, type Actor } from './roles.js';

const trainerOfA: Actor = {
  userId: 'u1',
  isPlatformAdmin: false,
  memberships: [{ instituteId: 'A', role: 'trainer' }],
};

describe('mayActAs', () => {
  it('should allow a role only in the institute where it is held', () => {
    expect(mayActAs(trainerOfA, 'A', ['trainer'])).toBe(true);
    expect(mayActAs(trainerOfA, 'B', ['trainer'])).toBe(false);
  });

  it('should not treat roles as a ladder', () => {
    const adminOfA: Actor = {
      userId: 'u2',
      isPlatformAdmin: false,
      memberships: [{ instituteId: 'A', role: 'admin' }],
    };
    expect(mayActAs(adminOfA, 'A', ['trainer'])).toBe(false);
    expect(mayActAs(adminOfA, 'A', ['trainer', 'admin'])).toBe(true);
  });

  it('should refuse anonymous requests and allow platform admins everywhere', () => {
    expect(mayActAs(null, 'A', ['participant'])).toBe(false);
    expect(mayActAs({ userId: 'p', isPlatformAdmin: true, memberships: [] }, 'Z', ['admin'])).toBe(true);
  });

  it('rolesIn should list the roles held in one institute in a stable order', () => {
    const actor: Actor = {
      userId: 'u3',
      isPlatformAdmin: false,
      memberships: [
        { instituteId: 'A', role: 'admin' },
        { instituteId: 'B', role: 'trainer' },
        { instituteId: 'A', role: 'participant' },
      ],
    };
    expect(rolesIn(actor, 'A')).toEqual(['participant', 'admin']);
  });
});
