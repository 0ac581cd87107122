import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from './test-database.js';
import { TEST_REDIS_URL } from './test-env.js';

/**
 * The environment a test runs the app with: its own database and queue prefix on the test services,
 * read through the same validated config as in production.
 */
export function testEnvironment(database: TestDatabase): Record<string, string> {
  return {
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    DATABASE_POOL_SIZE: '4',
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: `test-${randomBytes(4).toString('hex')}`,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    STORAGE_DIR: path.join(os.tmpdir(), `cascade-test-files-${randomBytes(4).toString('hex')}`),
  };
}

/** Sets the test environment on this process, for tests that build Nest modules in-process. */
export function useTestEnvironment(database: TestDatabase): Record<string, string> {
  const environment = testEnvironment(database);
  Object.assign(process.env, environment);
  return environment;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function requireBuild(entry: string): string {
  const file = `dist/src/${entry}.js`;
  if (!existsSync(file)) throw new Error(`${file} is missing: run "npm run build" first (npm test does)`);
  return file;
}

/** Runs one of the compiled entry points (main, worker, cli/…) exactly as `npm run local` does. */
export function spawnEntry(
  entry: string,
  environment: Record<string, string>,
  args: string[] = [],
): ChildProcess & { output: () => string } {
  const child = spawn(process.execPath, [requireBuild(entry), ...args], {
    env: { ...process.env, ...environment },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return Object.assign(child, { output: () => output });
}

export async function runEntry(
  entry: string,
  environment: Record<string, string>,
  args: string[] = [],
): Promise<{ code: number; output: string }> {
  const child = spawnEntry(entry, environment, args);
  const code = await new Promise<number>((resolve) => child.on('exit', (exitCode) => resolve(exitCode ?? 1)));
  return { code, output: child.output() };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

export interface RunningApp {
  baseUrl: string;
  database: TestDatabase;
  environment: Record<string, string>;
  /** The content folder the app reads and writes: a throwaway copy with `copyContent`, else the repository's. */
  contentDir: string;
  /** What the API process has logged so far: for a failing test's message. */
  apiOutput(): string;
  /** Starts the BullMQ worker process against the same database and queues. */
  startWorker(): Promise<ChildProcess & { output: () => string }>;
  close(): Promise<void>;
}

/**
 * Boots the compiled API as its own process on a free loopback port, over a fresh migrated database,
 * with the seed courses imported by the real CLI: what a user runs, not an in-process imitation.
 * `copyContent` gives it its own copy of the content folder, for tests whose app writes content files.
 * `demoSubmissions` keeps the demo's submitted action plan (left out by default: tests start with none).
 */
export async function startTestApp(
  options: { importContent?: boolean; seedDemo?: boolean; demoSubmissions?: boolean; copyContent?: boolean } = {},
): Promise<RunningApp> {
  const database = await createTestDatabase();
  const port = await freePort();
  const contentCopy = options.copyContent ? await mkdtemp(path.join(os.tmpdir(), 'cascade-app-content-')) : null;
  if (contentCopy) await cp('content', contentCopy, { recursive: true });
  const environment: Record<string, string> = {
    ...testEnvironment(database),
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    // Each app captures its own mail: the worker of this app sends to the capture server of this app.
    SMTP_URL: `smtp://127.0.0.1:${await freePort()}`,
    ...(contentCopy ? { CONTENT_DIR: contentCopy } : {}),
  };
  // The app's own folders: the content copy and the file storage (uploads, PDFs) under the temp folder.
  const removeFolders = async () => {
    for (const folder of [contentCopy, environment.STORAGE_DIR])
      if (folder) await rm(folder, { recursive: true, force: true });
  };
  if (options.importContent !== false) {
    const imported = await runEntry('cli/content-import', environment);
    if (imported.code !== 0) throw new Error(`content import failed:\n${imported.output}`);
  }
  if (options.seedDemo) {
    const seeded = await runEntry(
      'cli/seed-demo',
      environment,
      options.demoSubmissions ? [] : ['--without-submissions'],
    );
    if (seeded.code !== 0) throw new Error(`demo seed failed:\n${seeded.output}`);
  }
  const children: ChildProcess[] = [];
  const api = spawnEntry('main', environment);
  children.push(api);
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    const ready = await fetch(`${baseUrl}/health/ready`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) break;
    if (api.exitCode !== null || Date.now() > deadline) {
      await stop(api);
      await database.drop();
      await removeFolders();
      throw new Error(`the API did not become ready:\n${api.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    baseUrl,
    database,
    environment,
    contentDir: path.resolve(contentCopy ?? 'content'),
    apiOutput: () => api.output(),
    startWorker: async () => {
      const worker = spawnEntry('worker', environment);
      children.push(worker);
      return worker;
    },
    close: async () => {
      await Promise.all(children.map(stop));
      await database.drop();
      await removeFolders();
    },
  };
}
