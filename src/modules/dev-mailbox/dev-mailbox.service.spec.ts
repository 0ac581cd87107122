import { describe, expect, it } from '@jest/globals';
import type { AppConfig } from '../../config/config.js';
import type { CapturedMailsRepository } from '../../infra/mail/captured-mails.repository.js';
import { MailboxNotFoundError } from './dev-mailbox.errors.js';
import { DevMailboxService } from './dev-mailbox.service.js';

const mails = {
  listNewest: async () => [{ id: 'm1', to: 'a@example.org', subject: 'Hello', receivedAt: new Date(0) }],
  findById: async () => null,
} as unknown as CapturedMailsRepository;

const mailbox = (config: Partial<AppConfig>) =>
  new DevMailboxService(mails, { NODE_ENV: 'development', MAIL_CAPTURE: true, ...config } as AppConfig);

describe('DevMailboxService', () => {
  it('should list captured mail in development', async () => {
    expect((await mailbox({}).list()).mails).toEqual([
      { id: 'm1', to: 'a@example.org', subject: 'Hello', receivedAt: '1970-01-01 00:00:00 UTC' },
    ]);
  });

  it('should not exist in production or when capture is off', async () => {
    await expect(mailbox({ NODE_ENV: 'production' }).list()).rejects.toThrow(MailboxNotFoundError);
    await expect(mailbox({ MAIL_CAPTURE: false }).list()).rejects.toThrow(MailboxNotFoundError);
    await expect(mailbox({ MAIL_CAPTURE: false }).show('m1')).rejects.toThrow(MailboxNotFoundError);
  });

  it('should answer 404 for an id that is not a mail', async () => {
    await expect(mailbox({}).show('not-a-uuid')).rejects.toThrow(MailboxNotFoundError);
  });
});
