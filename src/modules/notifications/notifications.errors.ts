import { DomainError } from '../../common/domain-error.js';

export class UnsubscribeLinkInvalidError extends DomainError {
  constructor() {
    // A link that was altered, cut short or made up: nothing is changed, and nothing tells whether the person exists.
    super('UNSUBSCRIBE_LINK_UNPROCESSABLE', 'This unsubscribe link is not valid: open the one in the mail again.');
  }
}
