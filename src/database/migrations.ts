import { ContentVersions1763900000000 } from '../../migrations/1763900000000-content-versions.js';
import { InstitutesAccounts1763910000000 } from '../../migrations/1763910000000-institutes-accounts.js';

export const MIGRATIONS = [ContentVersions1763900000000, InstitutesAccounts1763910000000];
