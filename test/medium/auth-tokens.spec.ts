import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer } from 'node:net';
import { DataSource } from 'typeorm';
import { loadConfig, type AppConfig } from '../../src/config/config.js';
import { dataSourceOptions } from '../../src/database/data-source-options.js';
import { CapturedMailsRepository } from '../../src/infra/mail/captured-mails.repository.js';
import { MailCaptureServer } from '../../src/infra/mail/mail-capture.server.js';
import { MailRenderer } from '../../src/infra/mail/mail-renderer.js';
import { MailerService } from '../../src/infra/mail/mailer.service.js';
import type { JobQueue } from '../../src/infra/queue/job-queue.service.js';
import type { JobName, JobPayloads } from '../../src/infra/queue/jobs.js';
import { AccountsRepository } from '../../src/modules/accounts/accounts.repository.js';
import { AccountNotFoundError, AuthTokenInvalidError } from '../../src/modules/accounts/accounts.errors.js';
import { AccountsService } from '../../src/modules/accounts/accounts.service.js';
import { AuthTokensRepository } from '../../src/modules/accounts/auth-tokens.repository.js';
import { hashAuthToken } from '../../src/modules/accounts/domain/auth-tokens.js';
import { verifyPassword } from '../../src/modules/accounts/domain/passwords.js';
import { InvitationsService } from '../../src/modules/accounts/invitations.service.js';
import type { LoginThrottle } from '../../src/modules/accounts/login-throttle.js';
import type { PasswordResetThrottle } from '../../src/modules/accounts/password-reset-throttle.js';
import { PasswordService } from '../../src/modules/accounts/password.service.js';
import { TokenMailService } from '../../src/modules/accounts/token-mail.service.js';
import { AuditRepository } from '../../src/modules/audit/audit.repository.js';
import { InstitutesRepository } from '../../src/modules/institutes/institutes.repository.js';
import { InstitutesService } from '../../src/modules/institutes/institutes.service.js';
import { useTestEnvironment } from '../support/test-app.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Jobs are recorded, not queued: the test runs the handler's service itself, as the worker would. */
class RecordingJobQueue {
  readonly jobs: { name: JobName; payload: unknown; jobId?: string }[] = [];
  async enqueue<Name extends JobName>(name: Name, payload: JobPayloads[Name], options: { jobId?: string } = {}) {
    this.jobs.push({ name, payload, jobId: options.jobId });
    return Promise.resolve();
  }
}

const HOUR = 3600 * 1000;

describe('e-mailed tokens: invitations and password resets in PostgreSQL, through a real SMTP capture', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let config: AppConfig;
  let capture: MailCaptureServer;
  let mailer: MailerService;
  let captured: CapturedMailsRepository;
  let tokenMails: TokenMailService;
  let passwords: PasswordService;
  let invitations: InvitationsService;
  let accounts: AccountsRepository;
  let jobs: RecordingJobQueue;
  let instituteId: string;

  const query = <T>(sql: string, parameters: unknown[] = []) => dataSource.query<T>(sql, parameters);

  /** The token in the newest captured mail to this address. */
  async function tokenMailedTo(email: string): Promise<string> {
    const [row] = await query<{ id: string }[]>(
      `SELECT id FROM captured_mails WHERE "to" = $1 ORDER BY received_at DESC LIMIT 1`,
      [email],
    );
    const mail = await captured.findById(row.id);
    const token = /\/password\/set\?token=([A-Za-z0-9_-]+)/.exec(mail!.text)?.[1];
    if (!token) throw new Error(`no link in the mail to ${email}:\n${mail!.text}`);
    return token;
  }

  async function userWithPassword(email: string): Promise<string> {
    return accounts.transaction(async (manager) => {
      const { user } = await accounts.ensureUser(manager, { email, fullName: 'Reset Person', passwordHash: 'old' });
      return user.id;
    });
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    config = loadConfig({
      ...useTestEnvironment(database),
      SMTP_URL: `smtp://127.0.0.1:${await freePort()}`,
      PUBLIC_URL: 'http://cascade.test',
    });
    dataSource = new DataSource(dataSourceOptions(database.url, 4));
    await dataSource.initialize();
    captured = new CapturedMailsRepository(dataSource);
    capture = new MailCaptureServer(config, captured);
    await capture.onApplicationBootstrap();
    mailer = new MailerService(config);
    const audit = new AuditRepository();
    accounts = new AccountsRepository(dataSource, audit);
    const tokens = new AuthTokensRepository(dataSource);
    const institutes = new InstitutesService(new InstitutesRepository(dataSource));
    tokenMails = new TokenMailService(tokens, institutes, mailer, new MailRenderer(), config);
    jobs = new RecordingJobQueue();
    const noThrottle = { recordRequest: async () => undefined } as unknown as PasswordResetThrottle;
    const accountsService = new AccountsService(accounts, {} as LoginThrottle);
    passwords = new PasswordService(accounts, tokens, accountsService, audit, noThrottle, jobs as unknown as JobQueue);
    invitations = new InvitationsService(accounts, audit, jobs as unknown as JobQueue);
    [{ id: instituteId }] = await query<{ id: string }[]>(
      `INSERT INTO institutes (slug, name, country, default_language, languages, is_hub, branding)
       VALUES ('test-nti', 'Test Training Institute', 'NP', 'en', '{en}', false, '{}') RETURNING id`,
    );
  });

  afterAll(async () => {
    mailer?.onApplicationShutdown();
    await capture?.onApplicationShutdown();
    await dataSource?.destroy();
    await database?.drop();
  });

  it('should invite a new person: mail through SMTP, one use of the link sets the password and grants the role', async () => {
    const { userId, created } = await invitations.inviteUser({
      email: 'New.Trainer@Example.org',
      fullName: "Anjali O'Neill",
      instituteId,
      role: 'trainer',
      actorUserId: null,
    });
    expect(created).toBe(true);
    expect(jobs.jobs.at(-1)).toMatchObject({
      name: 'accounts.send-token-mail',
      payload: { userId, purpose: 'invitation', instituteId, role: 'trainer' },
    });
    // No membership until the invitation is accepted.
    expect(await query(`SELECT 1 FROM memberships WHERE user_id = $1`, [userId])).toHaveLength(0);

    await tokenMails.send(jobs.jobs.at(-1)!.payload as JobPayloads['accounts.send-token-mail']);
    const [mail] = await query<{ to: string; subject: string; text: string; html: string }[]>(
      `SELECT "to", subject, text, html FROM captured_mails WHERE "to" = 'new.trainer@example.org'`,
    );
    expect(mail.subject).toBe('You are invited to Test Training Institute on Cascade');
    expect(mail.text).toContain("Hello Anjali O'Neill,");
    expect(mail.text).toContain('at Test Training Institute, as a trainer');
    expect(mail.html).toContain('Anjali O&#x27;Neill');
    const token = await tokenMailedTo('new.trainer@example.org');
    expect(mail.text).toContain(`http://cascade.test/password/set?token=${token}`);

    // Only the hash is stored.
    const [stored] = await query<{ token_hash: string; expires_at: Date; created_at: Date }[]>(
      `SELECT token_hash, expires_at, created_at FROM auth_tokens WHERE user_id = $1`,
      [userId],
    );
    expect(stored.token_hash).toBe(hashAuthToken(token));
    expect(stored.expires_at.getTime() - stored.created_at.getTime()).toBeGreaterThan(7 * 24 * HOUR - 60_000);

    expect(await passwords.checkToken(token)).toEqual({ purpose: 'invitation' });
    const session = await passwords.setPassword(token, 'a long new password');
    expect(session.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const [user] = await query<{ password_hash: string }[]>(`SELECT password_hash FROM users WHERE id = $1`, [userId]);
    expect(await verifyPassword(user.password_hash, 'a long new password')).toBe(true);
    expect(
      await query(`SELECT role FROM memberships WHERE user_id = $1 AND institute_id = $2`, [userId, instituteId]),
    ).toEqual([{ role: 'trainer' }]);
    const actions = await query<{ action: string }[]>(
      `SELECT action FROM audit_log WHERE entity_id = $1::text OR entity_id IN (SELECT id::text FROM memberships WHERE user_id::text = $1::text) ORDER BY id`,
      [userId],
    );
    expect(actions.map((row) => row.action)).toEqual(['user.invited', 'role.granted', 'password.set']);

    // Single use.
    await expect(passwords.setPassword(token, 'another long password')).rejects.toThrow(AuthTokenInvalidError);
    await expect(passwords.setPassword(token, 'another long password')).rejects.toMatchObject({ problem: 'used' });
    await expect(passwords.checkToken(token)).rejects.toMatchObject({ problem: 'used' });
  });

  it('should refuse a reset link from its expiry on, and leave the password unchanged', async () => {
    const email = 'expiring@example.org';
    const userId = await userWithPassword(email);
    const sentAt = new Date(Date.now() - 2 * HOUR);
    await tokenMails.send({ userId, purpose: 'password-reset', instituteId: null, role: null }, sentAt);
    const token = await tokenMailedTo(email);
    const expiresAt = new Date(sentAt.getTime() + HOUR);
    expect(await passwords.checkToken(token, new Date(expiresAt.getTime() - 1))).toEqual({ purpose: 'password-reset' });
    await expect(passwords.checkToken(token, expiresAt)).rejects.toMatchObject({ problem: 'expired' });
    await expect(passwords.setPassword(token, 'too late a password')).rejects.toMatchObject({ problem: 'expired' });
    const [user] = await query<{ password_hash: string }[]>(`SELECT password_hash FROM users WHERE id = $1`, [userId]);
    expect(user.password_hash).toBe('old');
    const [row] = await query<{ used_at: Date | null }[]>(`SELECT used_at FROM auth_tokens WHERE user_id = $1`, [
      userId,
    ]);
    expect(row.used_at).toBeNull();
  });

  it('should let exactly one of two racing uses of a reset link through, and end the other sessions', async () => {
    const email = 'racing@example.org';
    const userId = await userWithPassword(email);
    await accounts.createSession('a'.repeat(64), userId, new Date(Date.now() + HOUR));
    await tokenMails.send({ userId, purpose: 'password-reset', instituteId: null, role: null });
    const token = await tokenMailedTo(email);
    const results = await Promise.allSettled([
      passwords.setPassword(token, 'first racing password'),
      passwords.setPassword(token, 'second racing password'),
    ]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((result) => result.status === 'rejected');
    expect(refused?.reason).toBeInstanceOf(AuthTokenInvalidError);
    const sessions = await query<{ token_hash: string }[]>(`SELECT token_hash FROM sessions WHERE user_id = $1`, [
      userId,
    ]);
    // The old session is gone; the one opened by the reset remains.
    expect(sessions).toHaveLength(1);
    expect(sessions[0].token_hash).not.toBe('a'.repeat(64));
    expect(
      await query(`SELECT 1 FROM audit_log WHERE action = 'password.set' AND entity_id = $1`, [userId]),
    ).toHaveLength(1);
  });

  it('should refuse a short password without spending the link, and unknown tokens', async () => {
    const email = 'short@example.org';
    const userId = await userWithPassword(email);
    await tokenMails.send({ userId, purpose: 'password-reset', instituteId: null, role: null });
    const token = await tokenMailedTo(email);
    await expect(passwords.setPassword(token, 'short')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await passwords.checkToken(token)).toEqual({ purpose: 'password-reset' });
    await expect(passwords.checkToken('x'.repeat(43))).rejects.toMatchObject({ problem: 'unknown' });
    await expect(passwords.checkToken('not a token')).rejects.toMatchObject({ problem: 'unknown' });
  });

  it('should queue a reset only for an existing, active account, once per minute', async () => {
    const email = 'queued@example.org';
    const userId = await userWithPassword(email);
    const before = jobs.jobs.length;
    await passwords.requestReset('nobody@example.org', '127.0.0.1');
    expect(jobs.jobs).toHaveLength(before);
    const now = new Date('2026-03-02T10:00:00Z');
    await passwords.requestReset(' Queued@Example.org ', '127.0.0.1', now);
    await passwords.requestReset(email, '127.0.0.1', new Date(now.getTime() + 30_000));
    const [first, second] = jobs.jobs.slice(before);
    expect(first).toMatchObject({ payload: { userId, purpose: 'password-reset' } });
    expect(second.jobId).toBe(first.jobId);
  });

  it('should not send for an account that is gone (a permanent failure)', async () => {
    await expect(
      tokenMails.send({
        userId: '00000000-0000-4000-8000-000000000000',
        purpose: 'password-reset',
        instituteId: null,
        role: null,
      }),
    ).rejects.toThrow(AccountNotFoundError);
  });

  it('should not crash when the capture port is already taken', async () => {
    const second = new MailCaptureServer(config, captured);
    await expect(second.onApplicationBootstrap()).resolves.toBeUndefined();
    await second.onApplicationShutdown();
  });

  it('should refuse a mail larger than the capture limit', async () => {
    await expect(
      mailer.send({ to: 'big@example.org', subject: 'Big', text: 'x'.repeat(3 * 1024 * 1024), html: '<p>x</p>' }),
    ).rejects.toThrow(/552|size|exceed/i);
    expect(await query(`SELECT 1 FROM captured_mails WHERE "to" = 'big@example.org'`)).toHaveLength(0);
  });
});
