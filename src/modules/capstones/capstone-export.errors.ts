import { DomainError } from '../../common/domain-error.js';

/** The PDF cannot be made from this submission, whatever the retries (no capstone, unreadable budget). */
export class CapstoneExportImpossibleError extends DomainError {
  constructor(reason: string) {
    super('CAPSTONE_EXPORT_CONFLICT', reason);
  }
}
