import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';

@ApiTags('accounts')
@Controller('api')
export class AccountsApiController {
  /**
   * Who the session cookie belongs to, and the CSRF token that API clients send back as `x-csrf-token` on
   * every POST, PUT and DELETE (pages put the same token in their forms).
   */
  @Get('session')
  @ApiOperation({ summary: 'The signed-in person (or null) and the CSRF token for x-csrf-token' })
  session(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const viewer = request.viewer;
    return reply.header('cache-control', 'private, no-store').send({
      user: viewer ? { id: viewer.userId, email: viewer.email, fullName: viewer.fullName } : null,
      csrfToken: reply.generateCsrf(),
    });
  }
}
