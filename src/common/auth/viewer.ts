import type { Actor } from '../../modules/accounts/domain/roles.js';

/** The person behind a request, resolved once from the session cookie by the session guard. */
export interface RequestViewer extends Actor {
  email: string;
  fullName: string;
  preferredLanguage: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    viewer?: RequestViewer | null;
  }
}
