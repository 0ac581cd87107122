import { Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import '../../common/auth/viewer.js';
import { NotSignedInError } from '../accounts/accounts.errors.js';
import { mayActAs, type InstituteRole } from '../accounts/domain/roles.js';
import { InstituteNotFoundError } from './institutes.errors.js';
import { InstitutesService, type InstituteView } from './institutes.service.js';

const ROLES_KEY = 'cascade:institute-roles';

/** The roles a route of /i/:institute/… accepts; the guard checks them against the viewer's memberships. */
export const InstituteRoles = (...roles: InstituteRole[]) => SetMetadata(ROLES_KEY, roles);

declare module 'fastify' {
  interface FastifyRequest {
    institute?: InstituteView;
  }
}

/**
 * The one place that decides whether a person may act in an institute: from the viewer, the institute in
 * the path and the roles the route accepts. Someone without a role there is told the institute does not
 * exist (404), never shown its data; the resources under it are then looked up scoped to that institute.
 */
@Injectable()
export class InstituteRoleGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly institutes: InstitutesService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const roles = this.reflector.getAllAndOverride<InstituteRole[] | undefined>(ROLES_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!roles) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest<{ Params: { institute?: string } }>>();
    if (!request.viewer) throw new NotSignedInError();
    const slug = request.params.institute;
    const institute = slug ? await this.institutes.findBySlug(slug) : null;
    if (!institute || !mayActAs(request.viewer, institute.id, roles)) throw new InstituteNotFoundError();
    request.institute = institute;
    return true;
  }
}
