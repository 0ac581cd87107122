import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options.js';
import { MIGRATIONS } from '../../src/database/migrations.js';
import { ADMIN_DATABASE_URL, databaseUrl } from './test-env.js';

// A new set of migrations, or an edited one, gets a new template, so a stale template is never reused.
const TEMPLATE = `cascade_template_${createHash('sha256')
  .update(MIGRATIONS.map((migration) => `${migration.name}:${String(migration.prototype.up)}`).join(','))
  .digest('hex')
  .slice(0, 12)}`;

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Migrates the template database once per set of migrations; parallel Jest workers wait on a lock. */
async function ensureTemplate(): Promise<void> {
  await withAdmin(async (admin) => {
    await admin.query('SELECT pg_advisory_lock(4242)');
    try {
      const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [TEMPLATE]);
      if (exists.rowCount) return;
      await admin.query(`CREATE DATABASE "${TEMPLATE}_build" OWNER cascade`);
      const dataSource = new DataSource(dataSourceOptions(databaseUrl(`${TEMPLATE}_build`), 2));
      await dataSource.initialize();
      await dataSource.runMigrations({ transaction: 'each' });
      await dataSource.destroy();
      // Renamed only when complete, so a crash half-way never leaves a broken template behind.
      await admin.query(`ALTER DATABASE "${TEMPLATE}_build" RENAME TO "${TEMPLATE}"`);
    } catch (error) {
      await admin.query(`DROP DATABASE IF EXISTS "${TEMPLATE}_build"`);
      throw error;
    } finally {
      await admin.query('SELECT pg_advisory_unlock(4242)');
    }
  });
}

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A fresh, migrated database for one spec file, copied from the template in a few milliseconds. */
export async function createTestDatabase(options: { migrated?: boolean } = {}): Promise<TestDatabase> {
  if (options.migrated !== false) await ensureTemplate();
  const name = `cascade_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withAdmin((admin) =>
    admin.query(
      options.migrated === false
        ? `CREATE DATABASE "${name}" OWNER cascade`
        : `CREATE DATABASE "${name}" TEMPLATE "${TEMPLATE}" OWNER cascade`,
    ),
  );
  return {
    name,
    url: databaseUrl(name),
    drop: () =>
      withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}
