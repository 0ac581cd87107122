import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/config.js';
import { dataSourceOptions } from '../database/data-source-options.js';

/** Runs pending migrations (used by the local start and tests); prints what it applied. */
async function main() {
  const dataSource = new DataSource(dataSourceOptions(loadConfig().DATABASE_URL, 2));
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    console.log(
      applied.length ? `migrations applied: ${applied.map((m) => m.name).join(', ')}` : 'migrations: up to date',
    );
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
