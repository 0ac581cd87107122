import { ContentVersions1763900000000 } from '../../migrations/1763900000000-content-versions.js';

export const MIGRATIONS = [ContentVersions1763900000000];
