import type { FastifyReply } from 'fastify';
import type { AppConfig } from '../../config/config.js';
import { SESSION_COOKIE, SESSION_DAYS } from './accounts.service.js';

/** The session cookie of a person who has just logged in (by password or by an e-mailed link). */
export function setSessionCookie(reply: FastifyReply, token: string, config: Pick<AppConfig, 'PUBLIC_URL'>): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: config.PUBLIC_URL.startsWith('https:'),
    maxAge: SESSION_DAYS * 24 * 3600,
  });
}
