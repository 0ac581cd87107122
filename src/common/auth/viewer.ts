import type { Actor } from '../../modules/accounts/domain/roles.js';

/** The person behind a request, resolved once from the session cookie by the session guard. */
export interface RequestViewer extends Actor {
  email: string;
  fullName: string;
  preferredLanguage: string;
  /** Unread in-app notifications (the header's count); absent where a viewer is built by hand. */
  unreadNotifications?: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    viewer?: RequestViewer | null;
  }
}
