import '@fastify/csrf-protection';
import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { TemplateRenderer, type PageFrame } from '../../infra/templates/template-renderer.js';
import type { Locale } from '../../infra/i18n/locales.js';
import '../auth/viewer.js';
import { localeOf } from './request-locale.js';
import { PAGE_CSP, sendPage, toRenderedPage, type RenderedPage } from './rendered-page.js';

/** A page body rendered once, with the complete anonymous page kept ready to send. */
export interface CachedPage {
  frame: PageFrame;
  locale: Locale;
  body: string;
  anonymous: RenderedPage;
}

/**
 * Sends pages: anonymous readers get the cached, pre-compressed bytes; a signed-in person gets the same
 * body inside a layout with their name and a log-out form, rendered for them and never cached by others.
 */
@Injectable()
export class PageResponder {
  constructor(private readonly renderer: TemplateRenderer) {}

  /** The interface language of this request (see localeOf). */
  localeOf(request: FastifyRequest): Locale {
    return localeOf(request);
  }

  /** An interface string, for titles and notices built in controllers. */
  t(request: FastifyRequest | Locale, key: string, values?: Parameters<TemplateRenderer['t']>[2]): string {
    return this.renderer.t(typeof request === 'string' ? request : localeOf(request), key, values);
  }

  /**
   * The words for a domain error on a page: the catalogue's `errors.<CODE>` (with the error's details as values)
   * when it has one, else the error's own English message. API bodies keep the English message: they are for programs.
   */
  errorText(request: FastifyRequest | Locale, error: { code: string; message: string; details?: object }): string {
    const key = `errors.${error.code}`;
    if (!this.renderer.messages.has(key)) return error.message;
    const details = (error.details ?? {}) as Record<string, unknown>;
    const values: Record<string, string | number> = {};
    for (const [name, value] of Object.entries(details)) {
      if (typeof value === 'string' || typeof value === 'number') values[name] = value;
    }
    if (typeof details.retryAfterSeconds === 'number')
      values.retryAfterMinutes = Math.ceil(details.retryAfterSeconds / 60);
    return this.t(request, key, values);
  }

  cache(view: string, frame: PageFrame, context: object, locale: Locale): CachedPage {
    const body = this.renderer.renderView(view, context, locale);
    return { frame, locale, body, anonymous: toRenderedPage(this.renderer.renderLayout(frame, body, null, locale)) };
  }

  sendCached(request: FastifyRequest, reply: FastifyReply, page: CachedPage, status = 200): FastifyReply {
    if (!request.viewer) return sendPage(request, reply, page.anonymous, status);
    return this.sendPersonal(
      reply,
      this.renderer.renderLayout(page.frame, page.body, this.viewerOf(request, reply), page.locale),
      status,
    );
  }

  /** A page built for this request (forms, personal data): rendered now, never stored by shared caches. */
  render(request: FastifyRequest, reply: FastifyReply, view: string, frame: PageFrame, context: object, status = 200) {
    const viewer = request.viewer ? this.viewerOf(request, reply) : null;
    const csp = frame.script ? `${PAGE_CSP}; script-src 'self'; connect-src 'self'` : PAGE_CSP;
    return this.sendPersonal(
      reply,
      this.renderer.renderPage(view, frame, context, viewer, localeOf(request)),
      status,
      csp,
    );
  }

  private viewerOf(request: FastifyRequest, reply: FastifyReply) {
    return {
      name: request.viewer!.fullName,
      csrfToken: reply.generateCsrf(),
      unreadNotifications: request.viewer!.unreadNotifications ?? 0,
    };
  }

  private sendPersonal(reply: FastifyReply, html: string, status: number, csp = PAGE_CSP): FastifyReply {
    return reply
      .code(status)
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', csp)
      .header('cache-control', 'private, no-store')
      .send(html);
  }
}
