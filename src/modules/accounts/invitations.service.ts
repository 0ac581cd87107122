import { Injectable } from '@nestjs/common';
import { JobQueue } from '../../infra/queue/job-queue.service.js';
import { AuditRepository } from '../audit/audit.repository.js';
import { AccountsRepository } from './accounts.repository.js';
import { tokenMailJobId } from './domain/auth-tokens.js';
import type { InstituteRole } from './domain/roles.js';

export interface Invitation {
  email: string;
  fullName: string;
  instituteId: string;
  role: InstituteRole;
  actorUserId: string | null;
}

/**
 * Invites a person into an institute with a role: the account is created without a password if needed, and
 * a mail with a seven-day link follows. The role is granted when the link is used (see PasswordService).
 */
@Injectable()
export class InvitationsService {
  constructor(
    private readonly repository: AccountsRepository,
    private readonly audit: AuditRepository,
    private readonly jobs: JobQueue,
  ) {}

  async inviteUser(invitation: Invitation, now = new Date()): Promise<{ userId: string; created: boolean }> {
    const { user, created } = await this.repository.transaction(async (manager) => {
      const ensured = await this.repository.ensureUser(manager, {
        email: invitation.email,
        fullName: invitation.fullName,
        passwordHash: null,
      });
      await this.audit.append(manager, {
        instituteId: invitation.instituteId,
        actorUserId: invitation.actorUserId,
        action: 'user.invited',
        entityType: 'user',
        entityId: ensured.user.id,
        after: { email: ensured.user.email, role: invitation.role, created: ensured.created },
      });
      return ensured;
    });
    // Enqueued after the commit, so the worker always finds the account.
    const request = {
      userId: user.id,
      purpose: 'invitation' as const,
      instituteId: invitation.instituteId,
      role: invitation.role,
    };
    await this.jobs.enqueue('accounts.send-token-mail', request, { jobId: tokenMailJobId(request, now) });
    return { userId: user.id, created };
  }
}
