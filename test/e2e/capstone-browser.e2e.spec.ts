import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'puppeteer-core';
import { launchBrowser } from '../support/browser.js';
import { startTestApp, type RunningApp } from '../support/test-app.js';
import { DEMO_PASSWORD, querySql } from '../support/test-sql.js';

/** The smallest PDF a reader opens: one empty page. What matters here is that it is a PDF by its content. */
const MINIMAL_PDF = [
  '%PDF-1.4',
  '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj',
  '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj',
  '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj',
  'trailer << /Root 1 0 R >>',
  '%%EOF',
  '',
].join('\n');

const NEEDS = 'Ten of our 64 schools are more than 20% above the pupil-teacher norm.';

describe('writing, submitting and grading an action plan in Chromium, with JavaScript off', () => {
  let running: RunningApp;
  let browser: Browser;
  let kathmandu: string;
  let folder: string;

  const logIn = async (page: Page, email: string, next: string) => {
    await page.goto(`${running.baseUrl}/login?next=${encodeURIComponent(next)}`);
    await page.type('input[name=email]', email);
    await page.type('input[name=password]', DEMO_PASSWORD);
    await Promise.all([page.waitForNavigation(), page.click('form[action="/login"] button[type=submit]')]);
    expect(page.url()).toBe(`${running.baseUrl}${next}`);
  };
  const click = async (page: Page, selector: string) => {
    await Promise.all([page.waitForNavigation(), page.click(selector)]);
  };
  const text = (page: Page, selector: string) => page.$eval(selector, (element) => element.textContent ?? '');
  const setValue = (page: Page, name: string, value: string) =>
    page.$eval(`[name="${name}"]`, (input, given) => ((input as HTMLInputElement).value = given), value);
  const save = async (page: Page) => {
    await click(page, 'button[name=go][value=save]');
    expect(await text(page, '[role=status]')).toBe('Saved.');
  };

  /** Writes whatever a section asks for, the way a person would, and saves it. */
  const fillSection = async (page: Page, title: string) => {
    if (await page.$('textarea#text')) {
      await page.type('textarea#text', `${title}: what our district will do, with figures.`);
    } else if (await page.$('input[name=what-0]')) {
      await page.type('input[name=what-0]', 'Publish pupil-teacher ratios of every school');
      await page.type('input[name=who-0]', 'District planning officer');
      await setValue(page, 'start-0', '2026-03-02');
      await setValue(page, 'end-0', '2026-03-20');
      await page.type('input[name=kpi-0]', 'All 64 ratios published');
    } else {
      await page.type('input[name=currency]', 'NPR');
      await page.type('input[name=item-0]', 'Teacher redeployment allowance');
      await page.type('input[name=category-0]', 'Staff');
      await page.type('input[name=cost-0]', '1200.50');
      await page.type('input[name=fundingSource-0]', 'District office');
    }
    await save(page);
  };

  beforeAll(async () => {
    [running, browser, folder] = await Promise.all([
      // With the demo's own submitted plan, as on `npm run local`: the queue holds more than this test's plan.
      startTestApp({ seedDemo: true, demoSubmissions: true }),
      launchBrowser(),
      mkdtemp(join(tmpdir(), 'capstone-browser-')),
    ]);
    [{ id: kathmandu }] = await querySql<{ id: string }>(
      running.database.url,
      `SELECT c.id FROM cohorts c JOIN institutes i ON i.id = c.institute_id WHERE i.slug = 'np-cept'`,
    );
  });

  afterAll(async () => {
    await browser?.close();
    await running?.close();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('should let a participant write and submit a plan and a trainer grade and release it, with no JavaScript', async () => {
    const cohort = `/i/np-cept/cohorts/${kathmandu}`;
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await page.setJavaScriptEnabled(false);
    await logIn(page, 'participant2@np.demo.cascade.test', cohort);

    await click(page, `a[href="${cohort}/capstone"]`);
    expect(page.url()).toBe(`${running.baseUrl}${cohort}/capstone`);
    const plan = page.url();

    // A text section: typed, saved, and shown again as stored.
    await click(page, `a[href="${cohort}/capstone/sections/needs-assessment"]`);
    await page.type('textarea#text', NEEDS);
    await save(page);
    expect(await page.$eval('textarea#text', (area) => area.value)).toBe(NEEDS);

    // The budget: two lines, the total computed by the server.
    await page.goto(plan);
    await click(page, `a[href="${cohort}/capstone/sections/budget"]`);
    await page.type('input[name=currency]', 'NPR');
    for (const [index, line] of [
      ['Teacher redeployment allowance', 'Staff', '1200.50', 'District office'],
      ['Workshop materials', 'Training', '99.50', 'Municipality'],
    ].entries()) {
      await page.type(`input[name=item-${index}]`, line[0]);
      await page.type(`input[name=category-${index}]`, line[1]);
      await page.type(`input[name=cost-${index}]`, line[2]);
      await page.type(`input[name=fundingSource-${index}]`, line[3]);
    }
    await save(page);
    expect(await text(page, '#budget-total')).toBe('Total: 1,300.00 NPR');

    // The activities table.
    await page.goto(plan);
    await click(page, `a[href="${cohort}/capstone/sections/implementation-timeline"]`);
    await fillSection(page, 'Implementation timeline');
    expect(await page.$eval('input[name=what-0]', (input) => input.value)).toBe(
      'Publish pupil-teacher ratios of every school',
    );

    // Every section the plan page still shows as empty.
    await page.goto(plan);
    const empty = await page.$$eval('tbody tr', (rows) =>
      rows
        .filter((row) => row.querySelector('td:last-child')?.textContent === 'empty')
        .map((row) => ({
          href: row.querySelector('a')!.getAttribute('href')!,
          title: row.querySelector('a')!.textContent,
        })),
    );
    expect(empty.length).toBeGreaterThan(0);
    for (const section of empty) {
      await page.goto(`${running.baseUrl}${section.href}`);
      await fillSection(page, section.title);
    }
    await page.goto(plan);
    const statuses = await page.$$eval('tbody tr td:last-child', (cells) => cells.map((cell) => cell.textContent));
    expect(new Set(statuses)).toEqual(new Set(['written']));

    // An attachment through the file input.
    const pdf = join(folder, 'allocation-model.pdf');
    await writeFile(pdf, MINIMAL_PDF);
    const input = await page.$('input[type=file]');
    await input!.uploadFile(pdf);
    await click(page, 'form[enctype="multipart/form-data"] button[type=submit]');
    expect(page.url()).toBe(plan);
    expect(
      await page.$$eval('a[href*="/capstone/attachments/"]', (links) => links.map((link) => link.textContent)),
    ).toEqual(['allocation-model.pdf']);

    // Submit: version 1 is listed, and reads as written.
    await click(page, 'form[action$="/submit"] button');
    expect(page.url()).toBe(`${running.baseUrl}${cohort}/capstone/versions/1`);
    await page.goto(plan);
    expect(await text(page, `a[href="${cohort}/capstone/versions/1"]`)).toBe('Version 1');
    await click(page, `a[href="${cohort}/capstone/versions/1"]`);
    expect(await text(page, 'h1')).toMatch(/: version 1$/);
    expect(await text(page, 'main')).toContain(NEEDS);
    expect(await text(page, 'main')).toContain('allocation-model.pdf');

    // The PDF is asked for with a form; without the worker it stays "being prepared".
    await click(page, 'form[action$="/pdf"] button');
    expect(page.url()).toMatch(new RegExp(`${cohort}/capstone/versions/[0-9a-f-]{36}/pdf$`));
    expect(await text(page, 'h1')).toBe('Your PDF is being prepared');
    await context.close();

    // The cohort's trainer, in another cookie jar: queue, plan, rubric, finalise, release.
    const trainerContext = await browser.createBrowserContext();
    const trainer = await trainerContext.newPage();
    await trainer.setJavaScriptEnabled(false);
    await logIn(trainer, 'trainer@np.demo.cascade.test', cohort);
    await click(trainer, `a[href="${cohort}/capstone/grading"]`);
    const waiting = await trainer.$$eval('#awaiting ~ table tbody a', (links) =>
      links.map((link) => [link.textContent, link.getAttribute('href')]),
    );
    expect(waiting.map(([name]) => name).sort()).toEqual(['Bikash Gurung', 'Sunita Rai']);
    const entry = waiting.filter(([name]) => name === 'Sunita Rai').map(([, href]) => href);
    await click(trainer, `a[href="${entry[0]}"]`);
    expect(await text(trainer, 'main')).toContain(NEEDS);
    const attachments = await trainer.$$eval('a[href*="/capstone/attachments/"]', (links) =>
      links.map((link) => [link.textContent, link.parentElement!.textContent]),
    );
    expect(attachments).toEqual([['allocation-model.pdf', expect.stringContaining('application/pdf')]]);
    expect(await trainer.$('form[action$="/pdf"] button')).not.toBeNull();
    // Finalising with no level chosen is refused on the page itself, the typed feedback kept.
    await trainer.type('#overallFeedback', 'Clear needs assessment; the budget adds up.');
    await click(trainer, 'button[name=intent][value=finalise]');
    expect(await text(trainer, '[role=alert]')).toMatch(/^Nothing was saved: /);
    expect(await trainer.$eval('textarea#overallFeedback', (area) => area.value)).toBe(
      'Clear needs assessment; the budget adds up.',
    );
    // The top level on every criterion.
    const criteria = await trainer.$$('fieldset');
    expect(criteria.length).toBeGreaterThan(0);
    for (const fieldset of criteria) {
      const levels = await fieldset.$$('input[type=radio]');
      await levels.at(-1)!.click();
    }
    await click(trainer, 'button[name=intent][value=finalise]');
    expect(await text(trainer, '.meta')).toContain('Grade: final');
    await click(trainer, 'form[action$="/release"] button');
    const meta = await text(trainer, '.meta');
    expect(meta).toContain('Grade: released');
    const percent = /· (\d+(?:\.\d+)?)%/.exec(meta)![1];
    expect(Number(percent)).toBe(100);
    await trainerContext.close();

    // Back to the participant: the released grade on her own grades page, reached from the cohort page.
    const again = await browser.createBrowserContext();
    const own = await again.newPage();
    await own.setJavaScriptEnabled(false);
    await logIn(own, 'participant2@np.demo.cascade.test', cohort);
    await click(own, `a[href="${cohort}/grades"]`);
    expect(await text(own, 'main')).toContain(`Released grade of version 1: ${percent}%`);
    await again.close();
  });
});
