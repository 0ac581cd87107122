import { DomainError } from '../../common/domain-error.js';

/** The mailbox does not exist outside development (404, as for any unknown page), nor does an unknown mail. */
export class MailboxNotFoundError extends DomainError {
  constructor() {
    super('MAILBOX_NOT_FOUND', 'There is no such page.');
  }
}
