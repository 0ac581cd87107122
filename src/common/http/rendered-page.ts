import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** A page rendered once and kept with its compressed forms, so serving it costs no rendering or compression. */
export interface RenderedPage {
  html: Buffer;
  gzip: Buffer;
  brotli: Buffer;
  etag: string;
}

export function toRenderedPage(html: string): RenderedPage {
  const body = Buffer.from(html, 'utf8');
  return {
    html: body,
    gzip: gzipSync(body, { level: 9 }),
    brotli: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
    etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
  };
}

// Pages run no script at all; forms and styles come only from this origin.
export const PAGE_CSP =
  "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/** Sends a rendered page with validators and the best encoding the client accepts. */
export function sendPage(request: FastifyRequest, reply: FastifyReply, page: RenderedPage, status = 200): FastifyReply {
  reply
    .header('content-type', 'text/html; charset=utf-8')
    .header('content-security-policy', PAGE_CSP)
    .header('cache-control', 'no-cache')
    .header('vary', 'accept-encoding, accept-language, cookie')
    .header('etag', page.etag);
  if (status === 200 && request.headers['if-none-match'] === page.etag) return reply.code(304).send();
  const accepted = String(request.headers['accept-encoding'] ?? '');
  if (/\bbr\b/.test(accepted)) return reply.code(status).header('content-encoding', 'br').send(page.brotli);
  if (/\bgzip\b/.test(accepted)) return reply.code(status).header('content-encoding', 'gzip').send(page.gzip);
  return reply.code(status).send(page.html);
}
