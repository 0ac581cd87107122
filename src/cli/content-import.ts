import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Module } from '@nestjs/common';
import { ConfigModule } from '../config/config.module.js';
import { ConfigError } from '../config/config.js';
import { DatabaseModule } from '../database/database.module.js';
import { ContentModule } from '../modules/content/content.module.js';
import { ContentImportService } from '../modules/content/content-import.service.js';
import { ContentImportError } from '../modules/content/content.errors.js';
import { CopyFilesImportService } from '../modules/localization/copy-files-import.service.js';
import { CopyFilesModule } from '../modules/localization/copy-files.module.js';

@Module({ imports: [ConfigModule, DatabaseModule, ContentModule, CopyFilesModule] })
class ContentImportCliModule {}

/** npm run content:import [-- slug ...]: validate and import course folders; exit 1 with file:line errors. */
async function main() {
  const only = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
  const app = await NestFactory.createApplicationContext(ContentImportCliModule, { logger: ['error', 'warn'] });
  try {
    const report = await app.get(ContentImportService).importCourses({ only: only.length ? only : undefined });
    for (const course of report.courses) {
      console.log(
        `${course.slug}: version ${course.versionNumber} ${course.status === 'created' ? 'imported' : 'unchanged (no-op)'}`,
      );
    }
    // Localized copies (content/copies/<institute>/<copy>/) follow their master courses, so they come after them.
    const copies = await app.get(CopyFilesImportService).importCopies();
    for (const folder of copies.skipped)
      console.log(`${folder}: skipped, no such institute yet (npm run seed:demo imports the demo copies)`);
    for (const copy of copies.copies) {
      console.log(
        `copy ${copy.institute}/${copy.slug}: ${copy.created ? 'created, ' : ''}${copy.written === 0 ? 'unchanged (no-op)' : `${copy.written} unit rows written`}`,
      );
    }
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ContentImportError || error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
