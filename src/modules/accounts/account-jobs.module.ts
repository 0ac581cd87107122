import { Module } from '@nestjs/common';
import { MailModule } from '../../infra/mail/mail.module.js';
import { InstitutesModule } from '../institutes/institutes.module.js';
import { AuthTokensRepository } from './auth-tokens.repository.js';
import { AccountMailProcessor } from './jobs/account-mail.processor.js';
import { TokenMailService } from './token-mail.service.js';

/** The accounts module's job processors (e-mailed links): loaded by the worker process only. */
@Module({
  imports: [MailModule, InstitutesModule],
  providers: [AuthTokensRepository, TokenMailService, AccountMailProcessor],
  exports: [AccountMailProcessor, TokenMailService],
})
export class AccountJobsModule {}
