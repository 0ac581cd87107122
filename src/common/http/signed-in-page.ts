import type { FastifyReply, FastifyRequest } from 'fastify';
import { NotSignedInError } from '../../modules/accounts/accounts.errors.js';

/**
 * Loads what a page needs; someone not signed in is sent to the log-in form and back here afterwards (null is
 * returned and the reply is already sent). Every other error goes on to the exception filter.
 */
export async function loadForSignedIn<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  load: () => Promise<T>,
): Promise<T | null> {
  try {
    return await load();
  } catch (error) {
    if (error instanceof NotSignedInError) {
      void reply.redirect(`/login?next=${encodeURIComponent(request.url)}`, 303);
      return null;
    }
    throw error;
  }
}
