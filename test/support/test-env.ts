/** The test services (scripts/services.sh up test): their own ports and data, tuned for speed. */
export const TEST_PG_PORT = Number(process.env.CASCADE_TEST_PG_PORT ?? 55433);
export const TEST_REDIS_URL =
  process.env.TEST_REDIS_URL ?? `redis://127.0.0.1:${process.env.CASCADE_TEST_REDIS_PORT ?? 56380}`;
export const ADMIN_DATABASE_URL =
  process.env.TEST_ADMIN_DATABASE_URL ?? `postgres://postgres:postgres@127.0.0.1:${TEST_PG_PORT}/postgres`;
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function databaseUrl(name: string): string {
  const url = new URL(ADMIN_DATABASE_URL);
  url.username = 'cascade';
  url.password = 'cascade';
  url.pathname = `/${name}`;
  return url.toString();
}
