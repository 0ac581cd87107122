import { describe, expect, it } from '@jest/globals';
import { unsubscribePath, unsubscribeSignature, verifyUnsubscribe } from './unsubscribe-link.js';

const SECRET = 'a-test-secret-of-at-least-thirty-two-characters';
const USER = '6f1c1d2e-3a4b-4c5d-8e9f-0a1b2c3d4e5f';

describe('unsubscribe links', () => {
  it('should accept the link it made', () => {
    const query = new URLSearchParams(unsubscribePath(SECRET, USER, 'trainer-digest').split('?')[1]);
    expect(
      verifyUnsubscribe(SECRET, {
        user: query.get('user')!,
        kind: query.get('kind')!,
        signature: query.get('signature')!,
      }),
    ).toEqual({ userId: USER, kind: 'trainer-digest' });
  });

  it('should refuse a link moved to another person, another kind or another secret', () => {
    const signature = unsubscribeSignature(SECRET, USER, 'trainer-digest');
    const other = '00000000-0000-4000-8000-000000000000';
    expect(verifyUnsubscribe(SECRET, { user: other, kind: 'trainer-digest', signature })).toBeNull();
    expect(verifyUnsubscribe(SECRET, { user: USER, kind: 'module-unlocked', signature })).toBeNull();
    expect(verifyUnsubscribe(`${SECRET}!`, { user: USER, kind: 'trainer-digest', signature })).toBeNull();
    expect(verifyUnsubscribe(SECRET, { user: USER, kind: 'trainer-digest', signature: signature.slice(1) })).toBeNull();
    expect(verifyUnsubscribe(SECRET, { user: USER, kind: 'invitation', signature })).toBeNull();
    expect(verifyUnsubscribe(SECRET, {})).toBeNull();
  });
});
