import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { HttpSession } from '../support/http-session.js';
import { startTestApp, type RunningApp } from '../support/test-app.js';

const PASSWORD = 'cascade-demo-2026';
const PARTICIPANT = 'participant@np.demo.cascade.test';

describe('log-in, sessions and CSRF over HTTP', () => {
  let running: RunningApp;

  beforeAll(async () => {
    running = await startTestApp({ seedDemo: true });
  });

  afterAll(async () => {
    await running?.close();
  });

  it('should log a demo participant in with a secure session cookie and show their institutes and roles', async () => {
    const browser = new HttpSession(running.baseUrl);
    const response = await browser.logIn(PARTICIPANT, PASSWORD);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/me');
    const setCookie = response.headers.getSetCookie().find((cookie) => cookie.startsWith('cascade_session='))!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).not.toMatch(/Secure/i); // plain http on loopback; PUBLIC_URL https:// turns it on

    const me = await browser.get('/me');
    expect(me.headers.get('cache-control')).toBe('private, no-store');
    const html = await me.text();
    expect(html).toContain('<h1>Bikash Gurung</h1>');
    expect(html).toContain('<strong>Centre for Educational Planning and Training (Nepal)</strong>: participant');
    expect(html).toContain('Sénégal)</strong>: participant');
  });

  it('should show the same message for an unknown e-mail and a wrong password', async () => {
    const browser = new HttpSession(running.baseUrl);
    const unknown = await browser.logIn('nobody@example.org', PASSWORD);
    const wrong = await browser.logIn('trainer@np.demo.cascade.test', 'not the password');
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    const message = (html: string) => /<p class="alert" role="alert">([^<]+)<\/p>/.exec(html)?.[1];
    expect(message(await unknown.text())).toBe('That e-mail and password do not match an account.');
    expect(message(await wrong.text())).toBe('That e-mail and password do not match an account.');
    expect(browser.cookie('cascade_session')).toBeUndefined();
  });

  it('should refuse a form without its CSRF token, and one with a token from another browser', async () => {
    const browser = new HttpSession(running.baseUrl);
    await browser.get('/login');
    const missing = await browser.postForm(
      '/login',
      { email: PARTICIPANT, password: PASSWORD },
      { accept: 'application/json' },
    );
    expect(missing.status).toBe(403);
    expect(((await missing.json()) as { code: string }).code).toBe('CSRF_FORBIDDEN');

    const other = new HttpSession(running.baseUrl);
    const othersToken = await other.csrfTokenFrom('/login');
    const forged = await browser.postForm('/login', { _csrf: othersToken, email: PARTICIPANT, password: PASSWORD });
    expect(forged.status).toBe(403);
    expect(browser.cookie('cascade_session')).toBeUndefined();
  });

  it('should slow down password guessing: the sixth failure in a row is refused even with the right password', async () => {
    const browser = new HttpSession(running.baseUrl);
    const email = 'admin@np.demo.cascade.test';
    for (let attempt = 0; attempt < 5; attempt++)
      expect((await browser.logIn(email, `guess ${attempt}`)).status).toBe(401);
    const throttled = await browser.logIn(email, PASSWORD);
    expect(throttled.status).toBe(429);
    expect(await throttled.text()).toMatch(/Too many attempts\. Try again in \d+ minutes\./);
    // Other accounts are not locked out by one account's failures.
    expect((await new HttpSession(running.baseUrl).logIn('trainer@sn.demo.cascade.test', PASSWORD)).status).toBe(303);
  });

  it('should end the session on log-out', async () => {
    const browser = new HttpSession(running.baseUrl);
    await browser.logIn('trainer@sn.demo.cascade.test', PASSWORD);
    const session = browser.cookie('cascade_session')!;
    const token = await browser.csrfTokenFrom('/me');
    const out = await browser.postForm('/logout', { _csrf: token });
    expect(out.status).toBe(303);
    expect((await browser.get('/me')).headers.get('location')).toBe('/login?next=%2Fme');

    // The old cookie, replayed, signs no one in: the session is gone from the database.
    const replay = await fetch(`${running.baseUrl}/me`, {
      redirect: 'manual',
      headers: { cookie: `cascade_session=${session}` },
    });
    expect(replay.status).toBe(303);
  });

  it('should only redirect within the site after log-in', async () => {
    const browser = new HttpSession(running.baseUrl);
    const token = await browser.csrfTokenFrom('/login');
    const response = await browser.postForm('/login', {
      _csrf: token,
      email: 'participant@sn.demo.cascade.test',
      password: PASSWORD,
      next: '//evil.example/',
    });
    expect(response.headers.get('location')).toBe('/me');
  });

  it('should show anonymous readers the cached page and a signed-in reader their name on the same page', async () => {
    const anonymous = await (await fetch(`${running.baseUrl}/`)).text();
    expect(anonymous).toContain('<a href="/login">Log in</a>');
    const browser = new HttpSession(running.baseUrl);
    await browser.logIn('participant@sn.demo.cascade.test', PASSWORD);
    const personal = await (await browser.get('/')).text();
    expect(personal).toContain('<a href="/me">Fatou Ba</a>');
    expect(personal).toContain('<form method="post" action="/logout">');
  });
});
