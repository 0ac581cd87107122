import 'reflect-metadata';
import { writeFile } from 'node:fs/promises';
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
class ExportPackageCliModule {}

const USAGE =
  'usage: npm run content:export-package -- <course-slug> [--version N] [--copy <institute>/<copy-slug>] --out <file>';

/** The options of the command line, or an error naming what is wrong. */
function parseExportArgs(args: string[]): {
  courseSlug: string;
  versionNumber: number | null;
  copy: { instituteSlug: string; copySlug: string } | null;
  out: string;
} {
  let courseSlug: string | null = null;
  let versionNumber: number | null = null;
  let copy: { instituteSlug: string; copySlug: string } | null = null;
  let out: string | null = null;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index];
    const value = () => {
      const next = args[++index];
      if (next === undefined || next.startsWith('--')) throw new Error(`${arg} needs a value\n${USAGE}`);
      return next;
    };
    if (arg === '--version') {
      const text = value();
      if (!/^[1-9]\d*$/u.test(text)) throw new Error(`--version must be a version number, not "${text}"`);
      versionNumber = Number(text);
    } else if (arg === '--copy') {
      const match = /^([a-z0-9-]+)\/([a-z0-9-]+)$/u.exec(value());
      if (!match) throw new Error(`--copy must be <institute>/<copy-slug>\n${USAGE}`);
      copy = { instituteSlug: match[1], copySlug: match[2] };
    } else if (arg === '--out') out = value();
    else if (arg.startsWith('--')) throw new Error(`unknown option ${arg}\n${USAGE}`);
    else if (courseSlug === null) courseSlug = arg;
    else throw new Error(`unexpected argument ${arg}\n${USAGE}`);
  }
  if (!courseSlug || !out) throw new Error(USAGE);
  return { courseSlug, versionNumber, copy, out };
}

/** npm run content:export-package -- <course-slug> [--version N] [--copy institute/copy] --out file.zip */
async function main() {
  const options = parseExportArgs(process.argv.slice(2));
  const app = await NestFactory.createApplicationContext(ExportPackageCliModule, { logger: ['error', 'warn'] });
  try {
    const { bytes } = await app.get(CoursePackageService).exportPackage(options);
    await writeFile(options.out, bytes);
    console.log(`${options.out}: ${bytes.length} bytes`);
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
