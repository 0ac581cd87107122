import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface AuditRecord {
  instituteId: string | null;
  actorUserId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  reason?: string | null;
}

@Injectable()
export class AuditRepository {
  /** Written in the caller's transaction, so a change and its audit row commit or fail together. */
  async append(manager: EntityManager, record: AuditRecord): Promise<void> {
    await manager.query(
      `INSERT INTO audit_log (institute_id, actor_user_id, action, entity_type, entity_id, "before", "after", reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        record.instituteId,
        record.actorUserId,
        record.action,
        record.entityType,
        record.entityId,
        record.before === undefined || record.before === null ? null : JSON.stringify(record.before),
        record.after === undefined || record.after === null ? null : JSON.stringify(record.after),
        record.reason ?? null,
      ],
    );
  }
}
