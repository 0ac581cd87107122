import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfig } from './config/config.js';
import { createRootLogger, PinoNestLogger } from './common/logger.js';
import { checkJobHandlers } from './infra/queue/job-handlers.js';
import { JOB_PROCESSORS, WorkerModule } from './worker.module.js';

async function main() {
  const config = loadConfig();
  const logger = createRootLogger(config.LOG_LEVEL);
  const app = await NestFactory.createApplicationContext(WorkerModule, { logger: new PinoNestLogger(logger) });
  checkJobHandlers(JOB_PROCESSORS.map((processor) => app.get(processor)));
  app.enableShutdownHooks();
  logger.info('Cascade worker started');
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
