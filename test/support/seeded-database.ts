import { Test } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ConfigModule } from '../../src/config/config.module.js';
import { DatabaseModule } from '../../src/database/database.module.js';
import { ContentImportService } from '../../src/modules/content/content-import.service.js';
import { ContentModule } from '../../src/modules/content/content.module.js';
import { useTestEnvironment } from './test-app.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

/** A fresh migrated database with the seed courses imported (demo cohorts run on them). */
export async function createDatabaseWithCourses(): Promise<{
  database: TestDatabase;
  dataSource: DataSource;
  close(): Promise<void>;
}> {
  const database = await createTestDatabase();
  useTestEnvironment(database);
  const moduleRef = await Test.createTestingModule({
    imports: [ConfigModule, DatabaseModule, ContentModule],
  }).compile();
  await moduleRef.get(ContentImportService).importCourses();
  return {
    database,
    dataSource: moduleRef.get<DataSource>(getDataSourceToken()),
    close: async () => {
      await moduleRef.close();
      await database.drop();
    },
  };
}
