import { DomainError } from '../../common/domain-error.js';

export class DashboardNotFoundError extends DomainError {
  constructor() {
    // Also what anyone gets for a dashboard that is not theirs to see: its existence is not disclosed.
    super('DASHBOARD_NOT_FOUND', 'No such dashboard.');
  }
}

export class DashboardTableNotFoundError extends DomainError {
  constructor(table: string, known: readonly string[]) {
    super('DASHBOARD_TABLE_NOT_FOUND', `No table "${table}" on this dashboard; the tables are: ${known.join(', ')}.`);
  }
}
