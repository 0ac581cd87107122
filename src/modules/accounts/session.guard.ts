import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import '../../common/auth/viewer.js';
import { AccountsService, SESSION_COOKIE } from './accounts.service.js';

/**
 * Resolves the session cookie into `request.viewer` once per request. It never refuses anything itself:
 * routes that need a person or a role say so, and anonymous readers pay only a cookie lookup.
 */
@Injectable()
export class SessionGuard implements CanActivate {
  constructor(private readonly accounts: AccountsService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const token = request.cookies?.[SESSION_COOKIE];
    request.viewer = token ? await this.accounts.findSessionUser(token) : null;
    return true;
  }
}
