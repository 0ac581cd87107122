import { Injectable } from '@nestjs/common';
import type { RequestViewer } from '../../common/auth/viewer.js';
import type { Locale } from '../../infra/i18n/locales.js';
import type { MessageValues } from '../../infra/i18n/message-catalog.js';
import { NotSignedInError } from '../accounts/accounts.errors.js';
import { kindKey, messageValues, notificationPath } from './domain/notification-content.js';
import { emailSettings, NOTIFICATION_KINDS, type NotificationKind } from './domain/notification-kinds.js';
import { NotificationsRepository } from './notifications.repository.js';

const INBOX_SIZE = 100;

export interface InboxEntry {
  id: string;
  kind: NotificationKind;
  /** The message key of its one-line summary and the values to format it with. */
  summaryKey: string;
  values: MessageValues;
  href: string;
  createdAt: Date;
  unread: boolean;
}

/** The signed-in person's notifications (in-app list) and e-mail preferences. */
@Injectable()
export class NotificationsService {
  constructor(private readonly repository: NotificationsRepository) {}

  async inbox(viewer: RequestViewer | null | undefined, locale: Locale): Promise<InboxEntry[]> {
    const rows = await this.repository.listForUser(signedIn(viewer).userId, INBOX_SIZE);
    return rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      summaryKey: `notifications.${kindKey(row.kind)}.summary`,
      values: messageValues(row.kind, row.payload, locale),
      href: notificationPath(row.kind, row.payload),
      createdAt: row.createdAt,
      unread: row.readAt === null,
    }));
  }

  unreadCount(viewer: RequestViewer | null | undefined): Promise<number> {
    return this.repository.countUnread(signedIn(viewer).userId);
  }

  async markAllRead(viewer: RequestViewer | null | undefined): Promise<void> {
    await this.repository.markAllRead(signedIn(viewer).userId);
  }

  async preferences(viewer: RequestViewer | null | undefined): Promise<Record<NotificationKind, boolean>> {
    return emailSettings(await this.repository.listPreferences(signedIn(viewer).userId));
  }

  async savePreferences(
    viewer: RequestViewer | null | undefined,
    settings: Record<NotificationKind, boolean>,
  ): Promise<void> {
    const complete = Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, settings[kind] === true])) as Record<
      NotificationKind,
      boolean
    >;
    await this.repository.savePreferences(signedIn(viewer).userId, complete);
  }

  async unsubscribe(userId: string, kind: NotificationKind): Promise<void> {
    await this.repository.turnOffEmail(userId, kind);
  }
}

function signedIn(viewer: RequestViewer | null | undefined): RequestViewer {
  if (!viewer) throw new NotSignedInError();
  return viewer;
}
