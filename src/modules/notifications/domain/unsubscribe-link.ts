import { createHmac, timingSafeEqual } from 'node:crypto';
import { isNotificationKind, type NotificationKind } from './notification-kinds.js';

/**
 * The signature of a one-click unsubscribe link: an HMAC of the person and the kind under the server's secret, so
 * the link turns off that one kind of mail for that one person and cannot be forged for anyone else. It does not
 * expire: turning a mail off is harmless, and the person can turn it on again on the preferences page.
 */
export function unsubscribeSignature(secret: string, userId: string, kind: NotificationKind): string {
  return createHmac('sha256', secret).update(`unsubscribe:${userId}:${kind}`).digest('base64url');
}

/** The person and kind a link names, when its signature is right; null otherwise. */
export function verifyUnsubscribe(
  secret: string,
  link: { user?: string; kind?: string; signature?: string },
): { userId: string; kind: NotificationKind } | null {
  const { user, kind, signature } = link;
  if (!user || !kind || !signature || !isNotificationKind(kind)) return null;
  if (!/^[0-9a-f-]{36}$/i.test(user)) return null;
  const expected = Buffer.from(unsubscribeSignature(secret, user, kind));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  return { userId: user.toLowerCase(), kind };
}

/** The link's path and query on this site. */
export function unsubscribePath(secret: string, userId: string, kind: NotificationKind): string {
  const query = new URLSearchParams({ user: userId, kind, signature: unsubscribeSignature(secret, userId, kind) });
  return `/notifications/unsubscribe?${query.toString()}`;
}
