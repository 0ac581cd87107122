import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'puppeteer-core';
import { launchBrowser } from '../support/browser.js';
import { startTestApp, type RunningApp } from '../support/test-app.js';
import { questionDefinitions } from '../support/quiz.js';
import { DEMO_PASSWORD, querySql } from '../support/test-sql.js';

describe('a participant taking a quiz in Chromium', () => {
  let running: RunningApp;
  let browser: Browser;
  let kathmandu: string;

  const logIn = async (page: Page, email: string, next: string) => {
    await page.goto(`${running.baseUrl}/login?next=${encodeURIComponent(next)}`);
    await page.type('input[name=email]', email);
    await page.type('input[name=password]', DEMO_PASSWORD);
    await Promise.all([page.waitForNavigation(), page.click('form[action="/login"] button[type=submit]')]);
  };

  beforeAll(async () => {
    [running, browser] = await Promise.all([startTestApp({ seedDemo: true }), launchBrowser()]);
    [{ id: kathmandu }] = await querySql<{ id: string }>(
      running.database.url,
      `SELECT c.id FROM cohorts c JOIN institutes i ON i.id = c.institute_id WHERE i.slug = 'np-cept'`,
    );
  });

  afterAll(async () => {
    await browser?.close();
    await running?.close();
  });

  it('should start, answer every question on its own page, submit and see the review, with JavaScript off', async () => {
    const page = await browser.newPage();
    await page.setJavaScriptEnabled(false);
    const quiz = `/i/np-cept/cohorts/${kathmandu}/modules/res-m03/quiz`;
    await logIn(page, 'participant2@np.demo.cascade.test', quiz);
    expect(page.url()).toBe(`${running.baseUrl}${quiz}`);
    await Promise.all([page.waitForNavigation(), page.click('form[action$="/start"] button')]);
    // The course draws every question of the bank.
    const count = (await questionDefinitions(running.database.url, kathmandu, 'res-m03')).size;

    for (let number = 1; number <= count; number++) {
      expect(await page.$eval('.meta', (meta) => meta.textContent)).toContain(`question ${number} of ${count}`);
      // Whatever the question type, give some answer the way a person would.
      const radio = await page.$('input[type=radio][name=answer]');
      const checkbox = await page.$('input[type=checkbox][name=answer]');
      const text = await page.$('input[name=answer]:not([type])');
      if (radio) await radio.click();
      else if (checkbox) await checkbox.click();
      else if (text) await text.type('42');
      else
        for (const select of await page.$$('select')) {
          const value = await select.$eval('option:nth-child(2)', (option) => option.textContent ?? '');
          await select.select(value);
        }
      await Promise.all([page.waitForNavigation(), page.click('button[name=go][value=next]')]);
    }
    expect(await page.$eval('h1', (heading) => heading.textContent)).toBe('Summary of attempt 1');
    expect(await page.$$eval('tbody tr', (rows) => rows.map((row) => row.textContent))).toEqual(
      Array.from({ length: count }, (_, index) => `${index + 1}Answer saved`),
    );
    await Promise.all([page.waitForNavigation(), page.click('form[action$="/submit"] button')]);
    expect(page.url()).toMatch(/\/review$/);
    expect(await page.$eval('[role=status]', (status) => status.textContent)).toMatch(/^Grade: \d+(\.\d+)?%/);
    expect(await page.$$eval('section.question', (sections) => sections.length)).toBe(count);
    await page.close();
  });

  it('should save an answer as soon as it changes when JavaScript runs, so a lost connection loses nothing', async () => {
    // Another person, so another cookie jar.
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    const quiz = `/i/np-cept/cohorts/${kathmandu}/modules/res-m03/quiz`;
    await logIn(page, 'participant@np.demo.cascade.test', quiz);
    await Promise.all([page.waitForNavigation(), page.click('form[action$="/start"] button')]);
    const seen: string[] = [];
    page.on('response', (response) => seen.push(`${response.status()} ${response.url()}`));
    page.on('console', (message) => seen.push(`console: ${message.text()}`));
    const questionKey = await page.$eval('input[name=question]', (input) => input.value);
    const saved = page.waitForResponse((response) => response.url().endsWith('/answer') && response.status() === 200);
    // Whatever the drawn question's type, change its answer the way a person would.
    const radio = await page.$('input[type=radio][name=answer]');
    const checkbox = await page.$('input[type=checkbox][name=answer]');
    const text = await page.$('input[name=answer]:not([type])');
    const select = await page.$('select');
    if (radio) await radio.click();
    else if (checkbox) await checkbox.click();
    else if (text) {
      await text.type('42');
      await page.$eval('input[name=answer]', (input) => input.dispatchEvent(new Event('change', { bubbles: true })));
    } else await select!.select(await select!.$eval('option:nth-child(2)', (option) => option.textContent ?? ''));
    await Promise.race([
      saved,
      new Promise((_, reject) => setTimeout(() => reject(new Error(seen.join('\n'))), 5_000)),
    ]);
    expect(await page.$eval('[data-save-status]', (status) => status.textContent)).toBe('Answer saved.');
    // The tab is closed without pressing anything: the answer is already on the server.
    await context.close();
    const rows = await querySql<{ response: unknown }>(
      running.database.url,
      `SELECT r.response FROM quiz_responses r JOIN quiz_attempts a ON a.id = r.attempt_id
       JOIN users u ON u.id = a.user_id WHERE u.email = 'participant@np.demo.cascade.test' AND r.question_key = $1`,
      [questionKey],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].response).not.toBeNull();
  });
});
