import 'reflect-metadata';
import { loadConfig, ConfigError } from './config/config.js';
import { createRootLogger } from './common/logger.js';
import { createApp } from './app.factory.js';

async function main() {
  const config = loadConfig();
  const logger = createRootLogger(config.LOG_LEVEL);
  const app = await createApp(logger, config.SESSION_SECRET, config.PUBLIC_URL.startsWith('https:'));
  await app.listen({ port: config.PORT, host: config.HOST });
  logger.info({ url: config.PUBLIC_URL }, `Cascade API listening on http://${config.HOST}:${config.PORT}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
