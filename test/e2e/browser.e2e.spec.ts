import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'puppeteer-core';
import { launchBrowser } from '../support/browser.js';
import { startTestApp, type RunningApp } from '../support/test-app.js';

describe('a person browsing the catalogue in Chromium, with JavaScript off', () => {
  let running: RunningApp;
  let browser: Browser;
  let page: Page;

  const texts = (selector: string) =>
    page.$$eval(selector, (nodes) => nodes.map((node) => (node.textContent ?? '').trim()));

  beforeAll(async () => {
    [running, browser] = await Promise.all([startTestApp({ seedDemo: true }), launchBrowser()]);
    page = await browser.newPage();
    await page.setJavaScriptEnabled(false);
  });

  afterAll(async () => {
    await browser?.close();
    await running?.close();
  });

  it('should see both courses and the trainer track, open one, open module 1 and move on to module 2', async () => {
    const response = await page.goto(`${running.baseUrl}/`);
    expect(response?.status()).toBe(200);
    expect(await page.title()).toBe('Course catalogue · Cascade');
    expect(await texts('.cards h2')).toEqual([
      'School Resource Allocation and Optimization',
      'Strategic Management of Education Networks and Clusters',
      'Trainer-of-Trainers Track: Facilitating the EPM Courses',
    ]);

    await Promise.all([page.waitForNavigation(), page.click('a[href="/courses/education-networks-clusters"]')]);
    expect(await texts('h1')).toEqual(['Strategic Management of Education Networks and Clusters']);
    expect(await texts('#main h3')).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Week 1: /), expect.stringMatching(/^Week 2: /)]),
    );
    expect(await page.$$eval('ol.modules li', (items) => items.length)).toBe(10);

    await Promise.all([page.waitForNavigation(), page.click('ol.modules li:first-child a')]);
    expect(page.url()).toBe(`${running.baseUrl}/courses/education-networks-clusters/modules/net-m01`);
    expect(await texts('h1')).toEqual(['Introduction to Education Networks and Clusters']);
    const sectionHeadings = await texts('section h2');
    expect(sectionHeadings.length).toBeGreaterThanOrEqual(7);
    expect(sectionHeadings.some((heading) => heading.startsWith('Case study'))).toBe(true);
    // The lesson text is really on screen, not just in the markup.
    const firstSection = await page.$eval('section', (section) => {
      const box = section.getBoundingClientRect();
      return { words: (section.textContent ?? '').split(/\s+/).length, width: box.width, height: box.height };
    });
    expect(firstSection.words).toBeGreaterThan(150);
    expect(firstSection.width).toBeGreaterThan(200);
    expect(firstSection.height).toBeGreaterThan(100);
    expect(await page.$eval('link[rel=stylesheet]', (link) => link.sheet?.cssRules.length ?? 0)).toBeGreaterThan(10);

    await Promise.all([page.waitForNavigation(), page.click('a[rel=next]')]);
    expect(await texts('h1')).toEqual(['Strategic Planning for Education Networks']);
    expect(await page.$eval('html', (html) => html.lang)).toBe('en');
  });

  it('should jump to a section from the module contents list', async () => {
    await page.goto(`${running.baseUrl}/courses/school-resource-allocation/modules/res-m03`);
    const target = await page.$eval('nav ol.toc li:nth-child(4) a', (link) => link.getAttribute('href'));
    await page.click('nav ol.toc li:nth-child(4) a');
    expect(page.url()).toBe(`${running.baseUrl}/courses/school-resource-allocation/modules/res-m03${target}`);
    const top: number = await page.$eval(target!, (section) => section.getBoundingClientRect().top);
    expect(Math.abs(top)).toBeLessThan(5);
  });

  it('should log in as the demo participant with the form and see their name and institutes', async () => {
    await page.goto(`${running.baseUrl}/courses/education-networks-clusters/modules/net-m01`);
    await Promise.all([page.waitForNavigation(), page.click('nav.account a[href="/login"]')]);
    await page.type('#email', 'participant@sn.demo.cascade.test');
    await page.type('#password', 'cascade-demo-2026');
    await Promise.all([page.waitForNavigation(), page.click('form.stack button[type=submit]')]);
    expect(page.url()).toBe(`${running.baseUrl}/me`);
    expect(await texts('h1')).toEqual(['Fatou Ba']);
    expect(await texts('nav.account a')).toEqual(['My learning', 'Notifications', 'Fatou Ba']);

    await page.goto(`${running.baseUrl}/courses/education-networks-clusters/modules/net-m01`);
    expect(await texts('nav.account a')).toEqual(['My learning', 'Notifications', 'Fatou Ba']);
    await Promise.all([page.waitForNavigation(), page.click('nav.account button')]);
    expect(await texts('nav.account a')).toEqual(['Log in']);
  });

  it('should let the demo participant open module 1 of their cohort from My learning and go on to its quiz', async () => {
    await page.goto(`${running.baseUrl}/login`);
    await page.type('#email', 'participant@sn.demo.cascade.test');
    await page.type('#password', 'cascade-demo-2026');
    await Promise.all([page.waitForNavigation(), page.click('form.stack button[type=submit]')]);
    await Promise.all([page.waitForNavigation(), page.click('nav.account a[href="/learn"]')]);
    expect(await texts('h1')).toEqual(['My learning']);
    expect(await texts('section.cohort h2')).toEqual(['Education networks and clusters, Dakar cohort']);

    const firstModule = await page.$$eval('ul.modules-state li a', (links) => links.map((link) => link.textContent));
    expect(firstModule[0]).toBe('Module 1: Introduction to Education Networks and Clusters');
    await Promise.all([page.waitForNavigation(), page.click('ul.modules-state li:first-child a')]);
    expect(await texts('h1')).toEqual(['Introduction to Education Networks and Clusters']);
    // Module 1 is completed by passing its quiz (taken in quiz-browser.e2e.spec.ts), not by a button.
    expect(await page.$('form.inline button')).toBeNull();
    await Promise.all([page.waitForNavigation(), page.click('a[href$="/modules/net-m01/quiz"]')]);
    expect(await texts('h1')).toEqual(['Quiz: Introduction to Education Networks and Clusters']);
    expect(await texts('form[action$="/start"] button')).toEqual(['Start the quiz']);
  });
});
