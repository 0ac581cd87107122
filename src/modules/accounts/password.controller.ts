import { Body, Controller, Get, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PageResponder } from '../../common/http/page-responder.js';
import { CONFIG, type AppConfig } from '../../config/config.js';
import { AuthTokenInvalidError, LoginThrottledError, PasswordRejectedError } from './accounts.errors.js';
import type { AuthTokenPurpose } from './domain/auth-tokens.js';
import { MIN_PASSWORD_LENGTH } from './domain/passwords.js';
import { ForgotPasswordFormDto, SetPasswordFormDto } from './dto/password.dto.js';
import { PasswordService } from './password.service.js';
import { setSessionCookie } from './session-cookie.js';

// The same words whether or not an account exists: the page must not tell who has one.
const LINK_SENT = 'accounts.forgot.sent';

const HEADINGS: Record<AuthTokenPurpose, string> = {
  'password-reset': 'accounts.setPassword.headingReset',
  invitation: 'accounts.setPassword.headingInvitation',
};

@ApiExcludeController()
@Controller('password')
export class PasswordController {
  constructor(
    private readonly passwords: PasswordService,
    private readonly responder: PageResponder,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('forgot')
  forgotPage(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.renderForgot(request, reply, { email: '', sent: null, error: null });
  }

  @Post('forgot')
  async forgot(@Body() form: ForgotPasswordFormDto, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    try {
      await this.passwords.requestReset(form.email, request.ip);
    } catch (error) {
      if (error instanceof LoginThrottledError)
        return this.renderForgot(
          request,
          reply,
          { email: form.email, sent: null, error: this.responder.errorText(request, error) },
          429,
        );
      throw error;
    }
    return this.renderForgot(request, reply, { email: '', sent: this.responder.t(request, LINK_SENT), error: null });
  }

  @Get('set')
  async setPage(@Query('token') token: string | undefined, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    try {
      const { purpose } = await this.passwords.checkToken(token ?? '');
      return this.renderSet(request, reply, {
        heading: this.responder.t(request, HEADINGS[purpose]),
        token: token ?? '',
        error: null,
        invalid: null,
      });
    } catch (error) {
      if (error instanceof AuthTokenInvalidError) return this.renderInvalid(request, reply, error);
      throw error;
    }
  }

  @Post('set')
  async set(@Body() form: SetPasswordFormDto, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    try {
      if (form.password !== form.confirm) {
        const { purpose } = await this.passwords.checkToken(form.token);
        const model = { heading: this.responder.t(request, HEADINGS[purpose]), token: form.token, invalid: null };
        return this.renderSet(
          request,
          reply,
          { ...model, error: this.responder.t(request, 'accounts.setPassword.notSame') },
          400,
        );
      }
      const session = await this.passwords.setPassword(form.token, form.password);
      setSessionCookie(reply, session.token, this.config);
      return reply.redirect('/me', 303);
    } catch (error) {
      if (error instanceof AuthTokenInvalidError) return this.renderInvalid(request, reply, error);
      if (error instanceof PasswordRejectedError) {
        const { purpose } = await this.passwords.checkToken(form.token).catch(() => ({ purpose: null }));
        if (!purpose) return this.renderInvalid(request, reply, new AuthTokenInvalidError('unknown'));
        const model = { heading: this.responder.t(request, HEADINGS[purpose]), token: form.token, invalid: null };
        return this.renderSet(request, reply, { ...model, error: this.responder.errorText(request, error) }, 400);
      }
      throw error;
    }
  }

  private renderForgot(
    request: FastifyRequest,
    reply: FastifyReply,
    model: { email: string; sent: string | null; error: string | null },
    status = 200,
  ) {
    return this.responder.render(
      request,
      reply,
      'forgot-password',
      {
        title: this.responder.t(request, 'accounts.forgot.title'),
        trail: [{ href: '/login', label: this.responder.t(request, 'accounts.login.title') }],
      },
      { ...model, csrfToken: reply.generateCsrf() },
      status,
    );
  }

  private renderInvalid(request: FastifyRequest, reply: FastifyReply, error: AuthTokenInvalidError) {
    return this.renderSet(
      request,
      reply,
      {
        heading: this.responder.t(request, 'accounts.setPassword.headingInvalid'),
        token: '',
        error: null,
        invalid: this.responder.errorText(request, error),
      },
      400,
    );
  }

  private renderSet(
    request: FastifyRequest,
    reply: FastifyReply,
    model: { heading: string; token: string; error: string | null; invalid: string | null },
    status = 200,
  ) {
    return this.responder.render(
      request,
      reply,
      'set-password',
      { title: model.heading },
      { ...model, minLength: MIN_PASSWORD_LENGTH, csrfToken: reply.generateCsrf() },
      status,
    );
  }
}
