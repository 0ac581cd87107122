import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { HttpSession } from '../support/http-session.js';
import { startTestApp, type RunningApp } from '../support/test-app.js';

const OLD_PASSWORD = 'cascade-demo-2026';
const NEW_PASSWORD = 'a brand new passphrase';
const PARTICIPANT = 'participant@np.demo.cascade.test';
const LINK_SENT = 'If an account exists for that address, we have sent a link';

const decode = (html: string) =>
  html
    .replace(/&#x3D;/g, '=')
    .replace(/&amp;/g, '&')
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"');

describe('forgotten passwords over HTTP: worker, SMTP capture, mailbox, single-use link', () => {
  let running: RunningApp;
  let worker: Awaited<ReturnType<RunningApp['startWorker']>>;

  beforeAll(async () => {
    running = await startTestApp({ seedDemo: true });
    worker = await running.startWorker();
  });

  afterAll(async () => {
    await running?.close();
  });

  async function askForLink(browser: HttpSession, email: string): Promise<Response> {
    const csrf = await browser.csrfTokenFrom('/password/forgot');
    return browser.postForm('/password/forgot', { _csrf: csrf, email });
  }

  /** Waits for the worker to send and the capture server to keep a mail to this address; returns its link. */
  async function linkMailedTo(email: string): Promise<{ link: string; subject: string }> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const list = decode(await (await fetch(`${running.baseUrl}/dev/mailbox`)).text());
      const row = new RegExp(
        `<td>${email.replace(/\./g, '\\.')}</td><td><a href="(/dev/mailbox/[0-9a-f-]+)">([^<]+)</a>`,
      ).exec(list);
      if (row) {
        const message = decode(await (await fetch(`${running.baseUrl}${row[1]}`)).text());
        const link = /<li><a href="([^"]+\/password\/set\?token=[A-Za-z0-9_-]+)">/.exec(message)?.[1];
        if (!link) throw new Error(`no link in the captured mail:\n${message}`);
        return { link, subject: row[2] };
      }
      if (Date.now() > deadline) throw new Error(`no mail to ${email}; worker output:\n${worker.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  it('should offer the way to a new password from the log-in page', async () => {
    const html = await (await fetch(`${running.baseUrl}/login`)).text();
    expect(html).toContain('<a href="/password/forgot">Forgot your password?</a>');
  });

  it('should answer the same for an unknown address and send it nothing', async () => {
    const browser = new HttpSession(running.baseUrl);
    const unknown = await askForLink(browser, 'nobody@example.org');
    expect(unknown.status).toBe(200);
    expect(await unknown.text()).toContain(LINK_SENT);

    // A known address gets its mail; by then the unknown one would have had its own, had one been sent.
    const known = await askForLink(browser, 'trainer@sn.demo.cascade.test');
    expect(known.status).toBe(200);
    expect(await known.text()).toContain(LINK_SENT);
    await linkMailedTo('trainer@sn.demo.cascade.test');
    expect(await (await fetch(`${running.baseUrl}/dev/mailbox`)).text()).not.toContain('nobody@example.org');
  });

  it('should reset a password through the mailed link, log the person in, and retire the old password', async () => {
    const browser = new HttpSession(running.baseUrl);
    expect((await askForLink(browser, PARTICIPANT)).status).toBe(200);
    const { link, subject } = await linkMailedTo(PARTICIPANT);
    expect(subject).toBe('Choose a new password for Cascade');
    const url = new URL(link);
    expect(url.origin).toBe(running.baseUrl);
    const path = `${url.pathname}${url.search}`;

    const form = await browser.get(path);
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('<h1>Choose a new password</h1>');
    const csrf = await browser.csrfTokenFrom(path);
    const token = url.searchParams.get('token')!;

    const mismatch = await browser.postForm('/password/set', {
      _csrf: csrf,
      token,
      password: NEW_PASSWORD,
      confirm: 'something else entirely',
    });
    expect(mismatch.status).toBe(400);
    expect(await mismatch.text()).toContain('The two passwords are not the same.');

    const set = await browser.postForm('/password/set', {
      _csrf: csrf,
      token,
      password: NEW_PASSWORD,
      confirm: NEW_PASSWORD,
    });
    expect(set.status).toBe(303);
    expect(set.headers.get('location')).toBe('/me');
    expect(browser.cookie('cascade_session')).toBeDefined();
    const me = await browser.get('/me');
    expect(me.status).toBe(200);
    expect(await me.text()).toContain('<h1>Bikash Gurung</h1>');

    expect((await new HttpSession(running.baseUrl).logIn(PARTICIPANT, OLD_PASSWORD)).status).toBe(401);
    expect((await new HttpSession(running.baseUrl).logIn(PARTICIPANT, NEW_PASSWORD)).status).toBe(303);

    // The link works once.
    const again = await new HttpSession(running.baseUrl).get(path);
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('This link has already been used.');
    const replay = new HttpSession(running.baseUrl);
    const replayCsrf = await replay.csrfTokenFrom('/password/forgot');
    const refused = await replay.postForm('/password/set', {
      _csrf: replayCsrf,
      token,
      password: 'yet another passphrase',
      confirm: 'yet another passphrase',
    });
    expect(refused.status).toBe(400);
    expect(replay.cookie('cascade_session')).toBeUndefined();
    expect((await new HttpSession(running.baseUrl).logIn(PARTICIPANT, NEW_PASSWORD)).status).toBe(303);
  });

  it('should refuse a made-up link', async () => {
    const response = await fetch(`${running.baseUrl}/password/set?token=${'x'.repeat(43)}`);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('This link is not valid.');
  });

  it('should show 404 for a mail that does not exist', async () => {
    expect((await fetch(`${running.baseUrl}/dev/mailbox/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
    expect((await fetch(`${running.baseUrl}/dev/mailbox/not-an-id`)).status).toBe(404);
  });
});
