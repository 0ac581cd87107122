import 'reflect-metadata';
import { readFile } from 'node:fs/promises';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DomainError } from '../common/domain-error.js';
import { ConfigModule } from '../config/config.module.js';
import { ConfigError } from '../config/config.js';
import { DatabaseModule } from '../database/database.module.js';
import { TemplatesModule } from '../infra/templates/templates.module.js';
import { CoursePackageService } from '../modules/localization-exchange/course-package.service.js';
import { LocalizationExchangeModule } from '../modules/localization-exchange/localization-exchange.module.js';

@Module({ imports: [ConfigModule, DatabaseModule, TemplatesModule, LocalizationExchangeModule] })
class ImportPackageCliModule {}

const USAGE = 'usage: npm run content:import-package -- <file> [--institute <slug>]';

/** npm run content:import-package -- file.zip [--institute slug]: verify, then import; exit 1 with the reason. */
async function main() {
  const args = process.argv.slice(2);
  let file: string | null = null;
  let institute: string | null = null;
  for (let index = 0; index < args.length; index++) {
    if (args[index] === '--institute') institute = args[++index] ?? null;
    else if (args[index].startsWith('--') || file !== null)
      throw new Error(`unexpected argument ${args[index]}\n${USAGE}`);
    else file = args[index];
  }
  if (!file || (args.includes('--institute') && !institute)) throw new Error(USAGE);
  const bytes = await readFile(file);
  const app = await NestFactory.createApplicationContext(ImportPackageCliModule, { logger: ['error', 'warn'] });
  try {
    const report = await app.get(CoursePackageService).importPackage(bytes, { instituteSlug: institute }, null);
    console.log(
      `${report.course.slug}: version ${report.course.versionNumber} ${report.course.status === 'created' ? 'imported' : 'unchanged (no-op)'}`,
    );
    if (report.copy)
      console.log(
        `copy ${report.copy.institute}/${report.copy.slug}: ${report.copy.status} (${report.copy.unitsWritten} units written)`,
      );
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  console.error(
    error instanceof DomainError || error instanceof ConfigError || error instanceof Error ? error.message : error,
  );
  process.exit(1);
});
