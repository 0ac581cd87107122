import pg from 'pg';
import { HttpSession } from './http-session.js';

/** One query against a test database, for setting up and checking what the app wrote. */
export async function querySql<Row extends object>(
  databaseUrl: string,
  text: string,
  values: unknown[] = [],
): Promise<Row[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<Row>(text, values)).rows;
  } finally {
    await client.end();
  }
}

export const DEMO_PASSWORD = 'cascade-demo-2026';

/** A browser-like session logged in as one of the demo people. */
export async function signInAs(baseUrl: string, email: string): Promise<HttpSession> {
  const session = new HttpSession(baseUrl);
  const response = await session.logIn(email, DEMO_PASSWORD);
  if (response.status !== 303) throw new Error(`log-in as ${email} answered ${response.status}`);
  return session;
}
