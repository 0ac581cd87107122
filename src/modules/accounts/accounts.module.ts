import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CsrfGuard } from '../../common/http/csrf.guard.js';
import { AuditModule } from '../audit/audit.module.js';
import { InstitutesModule } from '../institutes/institutes.module.js';
import { AccountsApiController } from './accounts-api.controller.js';
import { AccountsController } from './accounts.controller.js';
import { AccountsRepository } from './accounts.repository.js';
import { AccountsService } from './accounts.service.js';
import { AuthTokensRepository } from './auth-tokens.repository.js';
import { InvitationsService } from './invitations.service.js';
import { LoginThrottle } from './login-throttle.js';
import { MyAccountService } from './my-account.service.js';
import { PasswordResetThrottle } from './password-reset-throttle.js';
import { PasswordController } from './password.controller.js';
import { PasswordService } from './password.service.js';
import { SessionGuard } from './session.guard.js';

@Module({
  imports: [AuditModule, InstitutesModule],
  controllers: [AccountsController, AccountsApiController, PasswordController],
  providers: [
    AccountsRepository,
    AccountsService,
    LoginThrottle,
    MyAccountService,
    AuthTokensRepository,
    PasswordResetThrottle,
    PasswordService,
    InvitationsService,
    // Order matters: the viewer is known before anything else looks at the request.
    { provide: APP_GUARD, useClass: SessionGuard },
    { provide: APP_GUARD, useClass: CsrfGuard },
  ],
  exports: [AccountsService, AccountsRepository, InvitationsService],
})
export class AccountsModule {}
