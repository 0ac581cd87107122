import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../domain-error.js';
import { PageResponder } from '../http/page-responder.js';
import { httpStatusOf } from './http-status-of.js';

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: Record<string, unknown>;
  requestId: string;
}

/** Statuses with a heading of their own in the catalogue (`errorPage.heading.s<status>`). */
const PAGE_HEADINGS = new Set([400, 401, 403, 404, 422, 429, 500]);

/** One error shape for the API, a readable page for browsers; details of unexpected errors stay in the log. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(private readonly pages: PageResponder) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const context = host.switchToHttp();
    const request = context.getRequest<FastifyRequest>();
    const reply = context.getResponse<FastifyReply>();
    const body = this.toBody(exception, String(request.id));
    if (body.statusCode >= 500) this.logger.error({ err: exception, requestId: body.requestId }, 'request failed');

    const wantsPage = !request.url.startsWith('/api') && String(request.headers.accept ?? '').includes('text/html');
    if (wantsPage) {
      // Rendered for this request (it names the request, and a signed-in person keeps their header), never
      // cached or pre-compressed at maximum effort: an error flood must stay cheap.
      const heading = this.pages.t(
        request,
        PAGE_HEADINGS.has(body.statusCode) ? `errorPage.heading.s${body.statusCode}` : 'errorPage.heading.other',
      );
      void this.pages.render(
        request,
        reply,
        'error',
        { title: heading },
        { heading, message: this.pages.errorText(request, body), requestId: body.requestId },
        body.statusCode,
      );
      return;
    }
    void reply.code(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
  }

  private toBody(exception: unknown, requestId: string): ErrorBody {
    if (exception instanceof DomainError) {
      const statusCode = httpStatusOf(exception.code);
      return { statusCode, code: exception.code, message: exception.message, details: exception.details, requestId };
    }
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const code = statusCode === 404 ? 'ROUTE_NOT_FOUND' : `HTTP_${statusCode}`;
      return { statusCode, code, message: exception.message, requestId };
    }
    const status = (exception as { statusCode?: unknown })?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      // Fastify's own client errors (bad JSON, body too large).
      return { statusCode: status, code: `HTTP_${status}`, message: (exception as Error).message, requestId };
    }
    return { statusCode: 500, code: 'INTERNAL', message: 'Internal error', requestId };
  }
}
