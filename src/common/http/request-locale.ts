import type { FastifyReply, FastifyRequest } from 'fastify';
import { DEFAULT_LOCALE, negotiateLocale, supportedLocaleOf, type Locale } from '../../infra/i18n/locales.js';
import '../auth/viewer.js';

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * The language of the place being visited when it has one (an institute's own pages: its default language),
     * set by the route before rendering; a person's own choice still wins over it.
     */
    placeLocale?: Locale | null;
  }
}

export const LOCALE_COOKIE = 'cascade_lang';
const ONE_YEAR_SECONDS = 365 * 24 * 3600;

/**
 * The interface language of a request, most explicit first: `?lang=` on the link followed, the language chosen
 * earlier (cookie), the signed-in person's preferred language, the place's language, the browser's
 * Accept-Language, English.
 */
export function localeOf(request: FastifyRequest): Locale {
  return (
    supportedLocaleOf(queryLang(request)) ??
    supportedLocaleOf(request.cookies?.[LOCALE_COOKIE]) ??
    supportedLocaleOf(request.viewer?.preferredLanguage) ??
    request.placeLocale ??
    negotiateLocale(request.headers['accept-language']) ??
    DEFAULT_LOCALE
  );
}

/** onRequest: a followed `?lang=xx` link is remembered, so the next pages stay in the language chosen. */
export function rememberChosenLocale(request: FastifyRequest, reply: FastifyReply, done: () => void): void {
  const chosen = supportedLocaleOf(queryLang(request));
  if (chosen && request.cookies?.[LOCALE_COOKIE] !== chosen) {
    reply.setCookie(LOCALE_COOKIE, chosen, { path: '/', httpOnly: true, sameSite: 'lax', maxAge: ONE_YEAR_SECONDS });
  }
  done();
}

function queryLang(request: FastifyRequest): string | undefined {
  const value = (request.query as Record<string, unknown> | undefined)?.lang;
  return typeof value === 'string' ? value : undefined;
}
