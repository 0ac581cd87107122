import { Injectable } from '@nestjs/common';
import type { RequestViewer } from '../../common/auth/viewer.js';
import { InstitutesService } from '../institutes/institutes.service.js';
import { rolesIn } from './domain/roles.js';

const ROLE_LABELS = { participant: 'participant', trainer: 'trainer', admin: 'institute admin' } as const;

@Injectable()
export class MyAccountService {
  constructor(private readonly institutes: InstitutesService) {}

  async describe(viewer: RequestViewer) {
    const institutes = await this.institutes.listByIds([
      ...new Set(viewer.memberships.map((grant) => grant.instituteId)),
    ]);
    return {
      fullName: viewer.fullName,
      email: viewer.email,
      isPlatformAdmin: viewer.isPlatformAdmin,
      institutes: institutes.map((institute) => ({
        name: institute.name,
        isHub: institute.isHub,
        roles: rolesIn(viewer, institute.id)
          .map((role) => ROLE_LABELS[role])
          .join(', '),
      })),
    };
  }
}
