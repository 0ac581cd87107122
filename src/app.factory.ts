import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import fastifyCompress from '@fastify/compress';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyHelmet from '@fastify/helmet';
import fastifyMultipart from '@fastify/multipart';
import { keepUploadedFile } from './common/http/uploaded-files.js';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { Logger } from 'pino';
import { AppModule } from './app.module.js';
import { AllExceptionsFilter } from './common/errors/all-exceptions.filter.js';
import { PinoNestLogger } from './common/logger.js';
import { createValidationPipe } from './common/validation.js';
import { PageResponder } from './common/http/page-responder.js';
import { rememberChosenLocale } from './common/http/request-locale.js';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Builds the API application; main.ts listens on it, e2e tests drive it. */
export async function createApp(
  logger: Logger,
  sessionSecret: string,
  secureCookies: boolean,
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    // A caller's id is kept (so logs join up across services), anything else gets a fresh one.
    genReqId: (request: { headers: Record<string, string | string[] | undefined> }) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    trustProxy: 'loopback',
    bodyLimit: 1024 * 1024,
    // One line per request (below) instead of Fastify's two: logging is a measurable part of a small request.
    disableRequestLogging: true,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, adapter, {
    logger: new PinoNestLogger(logger),
    bufferLogs: false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    // The path without its query: a query may carry a one-time token (password links) that logs must not keep.
    const queryAt = request.url.indexOf('?');
    request.log.info(
      {
        method: request.method,
        path: queryAt === -1 ? request.url : request.url.slice(0, queryAt),
        statusCode: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
      },
      'request',
    );
    done();
  });
  // Pages set their own strict CSP (see sendPage); the API docs need Swagger UI's scripts.
  await app.register(fastifyHelmet, { contentSecurityPolicy: false, crossOriginEmbedderPolicy: false });
  await app.register(fastifyCompress, { threshold: 1024, encodings: ['br', 'gzip'] });
  // Uploads (enrolment CSV) arrive as fields of the body, so the CSRF check reads their _csrf like any form.
  await app.register(fastifyMultipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: 2 * 1024 * 1024, files: 1, fields: 10 },
    // The file's name as the browser sent it, which 'keyValues' would drop (capstone attachments keep it).
    onFile: keepUploadedFile,
  });
  fastify.decorateRequest('uploadedFileNames', null);
  await app.register(fastifyCookie, { secret: sessionSecret });
  fastify.addHook('onRequest', rememberChosenLocale);
  // The CSRF secret lives in a signed cookie, so anonymous forms (log-in) are protected too.
  await app.register(fastifyCsrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: 'cascade_csrf',
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'lax', signed: true, secure: secureCookies },
    getToken: (request) => {
      const body = request.body as { _csrf?: unknown } | undefined;
      const header = request.headers['x-csrf-token'];
      return typeof body?._csrf === 'string' ? body._csrf : typeof header === 'string' ? header : undefined;
    },
  });
  // Liveness is a bare Fastify route: it says the process answers, and nothing else.
  fastify.get('/health/live', () => ({ status: 'live' }));

  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter(app.get(PageResponder)));
  app.enableShutdownHooks();

  const openApi = new DocumentBuilder()
    .setTitle('Cascade API')
    .setDescription(
      'Courses in educational planning and management: catalogue, courses, modules. Errors share one shape: { statusCode, code, message, details?, requestId }.',
    )
    .setVersion('1')
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, openApi), {
    jsonDocumentUrl: 'api/docs/openapi.json',
  });
  return app;
}
