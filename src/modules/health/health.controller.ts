import { Controller, Get, Res } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Queue } from 'bullmq';
import type { FastifyReply } from 'fastify';
import { DatabaseHealth } from '../../database/database-health.js';

const CHECK_TIMEOUT_MS = 2_000;

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly database: DatabaseHealth,
    @InjectQueue('content') private readonly queue: Queue,
  ) {}

  @Get('ready')
  @ApiOperation({ summary: 'Ready to serve: PostgreSQL and Redis answer (503 otherwise)' })
  async ready(@Res() reply: FastifyReply) {
    const [postgres, redis] = await Promise.all([
      check(() => this.database.ping()),
      // A real round trip to Redis through the queue's own connection.
      check(async () => {
        await this.queue.count();
      }),
    ]);
    const ok = postgres === 'up' && redis === 'up';
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ready' : 'unavailable', checks: { postgres, redis } });
  }
}

async function check(probe: () => Promise<void>): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([probe(), timeout]);
    return 'up';
  } catch (error) {
    return `down: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    clearTimeout(timer);
  }
}
