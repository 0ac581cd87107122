import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Queue, QueueEvents } from 'bullmq';
import { redisConnectionOptions } from '../../src/infra/queue/redis-connection.js';
import { HttpSession } from '../support/http-session.js';
import { startTestApp, type RunningApp } from '../support/test-app.js';
import { querySql, signInAs } from '../support/test-sql.js';

const BIKASH = 'participant@np.demo.cascade.test';
const SUNITA = 'participant2@np.demo.cascade.test';

describe('notifications over HTTP and the real worker: preferences, the in-app list, mails sent once', () => {
  let running: RunningApp;
  let worker: Awaited<ReturnType<RunningApp['startWorker']>>;
  let queue: Queue;
  let events: QueueEvents;

  const sql = <Row extends object>(text: string, values: unknown[] = []) =>
    querySql<Row>(running.database.url, text, values);
  const mailsTo = (email: string) =>
    sql<{ subject: string; text: string }>(`SELECT subject, text FROM captured_mails WHERE "to" = $1`, [email]);

  /** Runs one scan in the worker, as its job scheduler does every few minutes, and waits for it to finish. */
  async function scanNow(): Promise<{ created: number }> {
    const job = await queue.add('notifications.scan', {});
    return (await job.waitUntilFinished(events, 30_000).catch((error: unknown) => {
      throw new Error(`${String(error)}\nworker output:\n${worker.output()}`);
    })) as { created: number };
  }

  /** Waits until nothing is left to deliver (every mail sent or skipped). */
  async function deliveriesDone(): Promise<void> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const [{ pending }] = await sql<{ pending: number }>(
        `SELECT count(*)::int AS pending FROM notifications WHERE emailed_at IS NULL AND email_skipped_at IS NULL`,
      );
      if (pending === 0) return;
      if (Date.now() > deadline) throw new Error(`${pending} mails never delivered; worker:\n${worker.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  beforeAll(async () => {
    running = await startTestApp({ seedDemo: true });
    worker = await running.startWorker();
    const connection = redisConnectionOptions(running.environment.REDIS_URL);
    const prefix = running.environment.REDIS_PREFIX;
    queue = new Queue('notifications', { connection, prefix });
    events = new QueueEvents('notifications', { connection, prefix });
    await events.waitUntilReady();
  });

  afterAll(async () => {
    if (process.env.DEBUG_API) console.log(running.apiOutput());
    await events?.close();
    await queue?.close();
    await running?.close();
  });

  it('should show each kind with an e-mail box, ticked by default, and keep account mails always on', async () => {
    const bikash = await signInAs(running.baseUrl, BIKASH);
    const page = await bikash.get('/me/notifications');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<h1>Notifications</h1>');
    expect(html).toContain('name="email-module-unlocked" value="on" checked');
    expect(html).toContain('name="email-trainer-digest" value="on" checked');
    expect(html).toContain('Always sent by e-mail');
  });

  it('should ask anonymous visitors to log in, and refuse a form without its CSRF token', async () => {
    const anonymous = new HttpSession(running.baseUrl);
    const page = await anonymous.get('/me/notifications');
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/login?next=%2Fme%2Fnotifications');
    expect((await anonymous.get('/api/me/notifications', { accept: 'application/json' })).status).toBe(401);
    const bikash = await signInAs(running.baseUrl, BIKASH);
    expect((await bikash.postForm('/me/notifications', { 'email-module-unlocked': 'on' })).status).toBe(403);
  });

  it('should send module mails once through the worker, in each reader’s language, and none to who turned them off', async () => {
    // Sunita reads French; Bikash turns module mails off (in French, to check the page too).
    await sql(`UPDATE users SET preferred_language = 'fr' WHERE email = $1`, [SUNITA]);
    const bikash = await signInAs(running.baseUrl, BIKASH);
    const csrf = await bikash.csrfTokenFrom('/me/notifications');
    const saved = await bikash.postForm('/me/notifications', {
      _csrf: csrf,
      'email-deadline-approaching': 'on',
      'email-review-received': 'on',
      'email-grade-released': 'on',
      'email-certificate-issued': 'on',
      'email-trainer-digest': 'on',
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe('/me/notifications?saved=1');
    const after = await (await bikash.get('/me/notifications?saved=1&lang=fr')).text();
    expect(after).toContain('Vos choix sont enregistrés.');
    expect(after).toContain('name="email-module-unlocked" value="on">');

    // The scan last ran three days ago: the demo cohorts' modules 2 and 3 opened since (at 08:00 local, on the
    // last two days), so every participant is told of them.
    await sql(
      `INSERT INTO notification_scans (name, scanned_through) VALUES ('schedule', now() - interval '3 days')
       ON CONFLICT (name) DO UPDATE SET scanned_through = EXCLUDED.scanned_through`,
    );
    const first = await scanNow();
    expect(first.created).toBeGreaterThan(0);
    await deliveriesDone();
    // The scan's overlap with itself (its progress lost) adds nothing, and nothing is mailed twice.
    await sql(`UPDATE notification_scans SET scanned_through = now() - interval '3 days'`);
    expect((await scanNow()).created).toBe(0);
    await deliveriesDone();

    const [{ modules }] = await sql<{ modules: number }>(
      `SELECT count(*)::int AS modules FROM notifications n JOIN users u ON u.id = n.user_id
        WHERE u.email = $1 AND n.kind = 'module-unlocked' AND n.payload->>'instituteSlug' = 'np-cept'`,
      [SUNITA],
    );
    expect(modules).toBeGreaterThan(0);
    const sunitaMails = (await mailsTo(SUNITA)).filter((mail) => mail.subject.startsWith('Module ouvert'));
    const [{ sunitaRows }] = await sql<{ sunitaRows: number }>(
      `SELECT count(*)::int AS "sunitaRows" FROM notifications n JOIN users u ON u.id = n.user_id
        WHERE u.email = $1 AND n.kind = 'module-unlocked'`,
      [SUNITA],
    );
    expect(sunitaMails).toHaveLength(sunitaRows);
    expect(sunitaMails[0].text).toContain('Bonjour Sunita');
    expect((await mailsTo(BIKASH)).filter((mail) => mail.subject.startsWith('Module open'))).toEqual([]);
    const [{ skipped }] = await sql<{ skipped: number }>(
      `SELECT count(*)::int AS skipped FROM notifications n JOIN users u ON u.id = n.user_id
        WHERE u.email = $1 AND n.kind = 'module-unlocked' AND n.email_skipped_at IS NOT NULL AND n.emailed_at IS NULL`,
      [BIKASH],
    );
    expect(skipped).toBeGreaterThan(0);
  });

  it('should turn one kind of mail off from the link in the mail, after a confirmation, without logging in', async () => {
    const [mail] = (await mailsTo(SUNITA)).filter((candidate) => candidate.subject.startsWith('Module ouvert'));
    expect(mail.text).toContain('Ne plus recevoir ce type de courriel, en un clic :');
    const link = new URL(/(http\S+\/notifications\/unsubscribe\?\S+)/.exec(mail.text)![1]);
    const visitor = new HttpSession(running.baseUrl);
    const path = `${link.pathname}${link.search}`;
    const confirm = await visitor.get(`${path}&lang=fr`);
    expect(confirm.status).toBe(200);
    const html = await confirm.text();
    expect(html).toContain('Ne plus recevoir de courriels pour : Un module s');
    // Opening the link changes nothing (mail scanners follow links); the form does.
    expect(
      await sql(`SELECT 1 FROM notification_preferences p JOIN users u ON u.id = p.user_id WHERE u.email = $1`, [
        SUNITA,
      ]),
    ).toEqual([]);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)![1];
    const fields = Object.fromEntries(link.searchParams);
    expect((await visitor.postForm('/notifications/unsubscribe', fields)).status).toBe(403);
    const done = await visitor.postForm('/notifications/unsubscribe', { ...fields, _csrf: csrf });
    expect(done.status).toBe(303);
    expect(await (await visitor.get(done.headers.get('location')!)).text()).toContain(
      'vous ne recevrez plus de courriels pour',
    );
    expect(
      await sql(
        `SELECT p.kind, p.email FROM notification_preferences p JOIN users u ON u.id = p.user_id WHERE u.email = $1`,
        [SUNITA],
      ),
    ).toEqual([{ kind: 'module-unlocked', email: false }]);

    // A link altered to another person or kind is refused and changes nothing.
    const forged = await visitor.postForm('/notifications/unsubscribe', {
      ...fields,
      kind: 'trainer-digest',
      _csrf: csrf,
    });
    expect(forged.status).toBe(422);
    expect((await visitor.get(path.replace(/signature=[^&]+/, 'signature=forged'))).status).toBe(422);
  });

  it('should list a person’s notifications newest first, mark them read, and show them to nobody else', async () => {
    const bikash = await signInAs(running.baseUrl, BIKASH);
    const inbox = await bikash.get('/me/notifications/inbox');
    expect(inbox.status).toBe(200);
    const html = await inbox.text();
    expect(html).toContain('<h1>My notifications</h1>');
    expect(html).toContain('class="unread"');
    expect(html).toMatch(/Module “[^”]+” is open in /);
    // The header counts what is unread, on every page.
    const unread = /<a href="\/me\/notifications\/inbox">Notifications \((\d+) new\)<\/a>/.exec(
      await (await bikash.get('/learn')).text(),
    );
    expect(Number(unread?.[1])).toBeGreaterThan(0);
    const api = (await (await bikash.get('/api/me/notifications', { accept: 'application/json' })).json()) as {
      unread: number;
      notifications: { kind: string; text: string; href: string; createdAt: string; read: boolean }[];
    };
    expect(api.unread).toBeGreaterThan(0);
    expect(api.notifications.every((entry) => entry.kind === 'module-unlocked' && !entry.read)).toBe(true);
    const times = api.notifications.map((entry) => entry.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
    expect(api.notifications[0].href).toMatch(/^\/i\/[a-z-]+\/cohorts\/[0-9a-f-]+\/modules\//);

    const csrf = await bikash.csrfTokenFrom('/me/notifications/inbox');
    const read = await bikash.postForm('/me/notifications/inbox/read', { _csrf: csrf });
    expect(read.status).toBe(303);
    expect(read.headers.get('location')).toBe('/me/notifications/inbox');
    const readHtml = await (await bikash.get('/me/notifications/inbox')).text();
    expect(readHtml).not.toContain('class="unread"');
    expect(readHtml).not.toContain('Mark all as read');
    expect(readHtml).toContain('<a href="/me/notifications/inbox">Notifications</a>');
    const apiAfter = (await (await bikash.get('/api/me/notifications', { accept: 'application/json' })).json()) as {
      unread: number;
    };
    expect(apiAfter.unread).toBe(0);

    // Sunita's own list, in French, still unread; a trainer with no notification sees an empty list.
    const sunita = await signInAs(running.baseUrl, SUNITA);
    const hers = await (await sunita.get('/me/notifications/inbox?lang=fr')).text();
    expect(hers).toContain('<h1>Mes notifications</h1>');
    expect(hers).toContain('class="unread"');
    expect(hers).toContain('Tout marquer comme lu');
    const trainer = await signInAs(running.baseUrl, 'admin@np.demo.cascade.test');
    expect(await (await trainer.get('/me/notifications/inbox')).text()).toContain('You have no notifications yet.');
  });
});
