import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/config.js';
import { dataSourceOptions } from './data-source-options.js';

/** The DataSource the TypeORM CLI uses (npm run migration:*). */
export const dataSource = new DataSource(dataSourceOptions(loadConfig().DATABASE_URL));
export default dataSource;
