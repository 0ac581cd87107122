/** What Cascade tells people, each a row in the in-app list and (unless turned off) an e-mail. */
export const NOTIFICATION_KINDS = [
  'module-unlocked',
  'deadline-approaching',
  'review-received',
  'grade-released',
  'certificate-issued',
  'trainer-digest',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * Mails about the account itself, sent by the accounts feature with a single-use link: they cannot be turned off
 * (a person must be able to accept an invitation or reset a password) and have no in-app row (the link is a secret,
 * and an invited person cannot sign in yet).
 */
export const ACCOUNT_MAILS = ['invitation', 'password-reset'] as const;

export function isNotificationKind(value: string): value is NotificationKind {
  return (NOTIFICATION_KINDS as readonly string[]).includes(value);
}

/** What a deadline reminder is about. */
export type DeadlineItem = 'quiz' | 'capstone' | 'peer-review';

/** The e-mail setting of each kind for one person: on unless they turned it off. */
export function emailSettings(stored: { kind: string; email: boolean }[]): Record<NotificationKind, boolean> {
  const settings = Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, true])) as Record<
    NotificationKind,
    boolean
  >;
  for (const row of stored) if (isNotificationKind(row.kind)) settings[row.kind] = row.email;
  return settings;
}

/**
 * The e-mail settings a posted preferences form asks for: a checkbox per kind, present (any value) when ticked.
 * Unknown fields are ignored; an unticked box is "off".
 */
export function emailSettingsFromForm(form: Record<string, string>): Record<NotificationKind, boolean> {
  return Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, form[`email-${kind}`] !== undefined])) as Record<
    NotificationKind,
    boolean
  >;
}
