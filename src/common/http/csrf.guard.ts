import { Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { HttpAdapterHost, Reflector } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CsrfError } from '../../modules/accounts/accounts.errors.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const NO_CSRF = 'cascade:no-csrf';

/**
 * For a public POST that changes nothing and reads no session (e.g. checking a credential someone pastes): it needs
 * no CSRF token, since a forged request could learn or do nothing the attacker could not do directly.
 */
export const PublicReadOnlyPost = () => SetMetadata(NO_CSRF, true);

/** Every request that changes something must carry the CSRF token of its form (field _csrf or header x-csrf-token). */
@Injectable()
export class CsrfGuard implements CanActivate {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    if (SAFE_METHODS.has(request.method)) return true;
    if (this.reflector.get<boolean>(NO_CSRF, context.getHandler())) return true;
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    const reply = http.getResponse<FastifyReply>();
    await new Promise<void>((resolve, reject) => {
      // The plugin answers a failure by sending its own error; catch that send and raise ours instead,
      // so the refusal has the same shape (and page) as every other error.
      const probe: FastifyReply = new Proxy(reply, {
        get(target, key) {
          if (key === 'send') {
            return () => {
              reject(new CsrfError());
              return probe;
            };
          }
          const value: unknown = Reflect.get(target, key, target);
          return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
        },
      });
      fastify.csrfProtection(request, probe, (error?: unknown) => (error ? reject(new CsrfError()) : resolve()));
    });
    return true;
  }
}
