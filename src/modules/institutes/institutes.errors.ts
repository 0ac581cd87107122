import { DomainError } from '../../common/domain-error.js';

export class InstituteNotFoundError extends DomainError {
  constructor() {
    super('INSTITUTE_NOT_FOUND', 'No such institute, or nothing here for you');
  }
}
