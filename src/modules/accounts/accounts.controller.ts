import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PageResponder } from '../../common/http/page-responder.js';
import { LOCALE_COOKIE } from '../../common/http/request-locale.js';
import { CONFIG, type AppConfig } from '../../config/config.js';
import { Inject } from '@nestjs/common';
import { LoginFailedError, LoginThrottledError } from './accounts.errors.js';
import { AccountsService, SESSION_COOKIE } from './accounts.service.js';
import { MyAccountService } from './my-account.service.js';
import { LogInFormDto } from './dto/log-in.dto.js';
import { formFields } from '../../common/http/form-fields.js';
import { setSessionCookie } from './session-cookie.js';

/** Only paths on this site, so a crafted link cannot send someone elsewhere after logging in. */
function safeNext(next: string | undefined): string {
  return next && /^\/(?!\/)[^\s\\]*$/.test(next) ? next : '/me';
}

@ApiExcludeController()
@Controller()
export class AccountsController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly myAccount: MyAccountService,
    private readonly responder: PageResponder,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('login')
  logInPage(@Query('next') next: string | undefined, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    if (request.viewer) return reply.redirect(safeNext(next), 303);
    return this.renderLogIn(request, reply, { next: safeNext(next), email: '', error: null });
  }

  @Post('login')
  async logIn(@Body() form: LogInFormDto, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    try {
      const session = await this.accounts.logIn(form.email, form.password, request.ip);
      setSessionCookie(reply, session.token, this.config);
      return reply.redirect(safeNext(form.next), 303);
    } catch (error) {
      if (error instanceof LoginFailedError || error instanceof LoginThrottledError) {
        const status = error instanceof LoginThrottledError ? 429 : 401;
        return this.renderLogIn(
          request,
          reply,
          { next: safeNext(form.next), email: form.email, error: this.responder.errorText(request, error) },
          status,
        );
      }
      throw error;
    }
  }

  @Post('logout')
  async logOut(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const token = request.cookies?.[SESSION_COOKIE];
    if (token) await this.accounts.logOut(token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/', 303);
  }

  @Get('me')
  async me(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    if (!request.viewer) return reply.redirect('/login?next=%2Fme', 303);
    const model = await this.myAccount.describe(request.viewer);
    return this.responder.render(
      request,
      reply,
      'me',
      {
        title: this.responder.t(request, 'accounts.me.title'),
        trail: [{ href: '/', label: this.responder.t(request, 'common.catalogue') }],
      },
      { ...model, csrfToken: reply.generateCsrf(), saved: (request.query as { saved?: string }).saved === 'language' },
    );
  }

  /** The interface language kept with the account: it follows the person to every device. */
  @Post('me/language')
  async chooseLanguage(
    @Body() body: Record<string, unknown>,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    // Signed-in first: an anonymous post is sent to log in, not told its form is incomplete.
    if (!request.viewer) return reply.redirect('/login?next=%2Fme', 303);
    await this.myAccount.choosePreferredLanguage(request.viewer, formFields(body).language ?? '');
    // A language picked earlier from a link (the cookie) would otherwise still win over the saved choice.
    reply.clearCookie(LOCALE_COOKIE, { path: '/' });
    return reply.redirect('/me?saved=language', 303);
  }

  private renderLogIn(
    request: FastifyRequest,
    reply: FastifyReply,
    model: { next: string; email: string; error: string | null },
    status = 200,
  ) {
    return this.responder.render(
      request,
      reply,
      'login',
      { title: this.responder.t(request, 'accounts.login.title') },
      { ...model, csrfToken: reply.generateCsrf() },
      status,
    );
  }
}
