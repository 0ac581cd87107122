import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type RunningApp } from '../support/test-app.js';

const COURSES = ['education-networks-clusters', 'school-resource-allocation'];

/** Section ids and module ids straight from the content files, to check pages against the source. */
async function modulesFromFiles(slug: string) {
  const dir = path.join('content', 'courses', slug, 'modules');
  const files = (await readdir(dir)).filter((name) => name.endsWith('.md')).sort();
  return Promise.all(
    files.map(async (name) => {
      const source = await readFile(path.join(dir, name), 'utf8');
      return {
        id: /^id: (.+)$/m.exec(source)![1].trim(),
        title: /^title: (.+)$/m.exec(source)![1].trim(),
        sectionIds: [...source.matchAll(/^## .*\{#([a-z0-9-]+)/gm)].map((match) => match[1]),
      };
    }),
  );
}

describe('catalogue, course and module pages and the JSON API over HTTP', () => {
  let running: RunningApp;
  const get = (url: string, headers: Record<string, string> = {}) => fetch(`${running.baseUrl}${url}`, { headers });

  beforeAll(async () => {
    running = await startTestApp();
  });

  afterAll(async () => {
    await running.close();
  });

  it('should list both seed courses on the catalogue page', async () => {
    const response = await get('/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await response.text();
    expect(html).toMatch(/^<!doctype html>\n<html lang="en" dir="ltr">/);
    expect(html).toContain(
      '<a href="/courses/education-networks-clusters">Strategic Management of Education Networks and Clusters</a>',
    );
    expect(html).toContain(
      '<a href="/courses/school-resource-allocation">School Resource Allocation and Optimization</a>',
    );
    expect(html).not.toContain('<script');
  });

  it.each(COURSES)(
    'should show weeks, all ten modules, outcomes and audience on the course page of %s',
    async (slug) => {
      const html = await (await get(`/courses/${slug}`)).text();
      const modules = await modulesFromFiles(slug);
      expect(modules).toHaveLength(10);
      for (const module of modules) expect(html).toContain(`href="/courses/${slug}/modules/${module.id}"`);
      expect(html).toContain('Week 1:');
      expect(html).toContain('Week 2:');
      expect(html).toContain('What you will be able to do');
      expect(html).toContain('Who it is for');
      expect(html).toContain('Earning the certificate');
    },
  );

  it.each(COURSES)(
    'should serve every module page of %s with every section, light enough for slow links',
    async (slug) => {
      const modules = await modulesFromFiles(slug);
      for (const [index, module] of modules.entries()) {
        const response = await get(`/courses/${slug}/modules/${module.id}`, { 'accept-encoding': 'gzip' });
        expect(response.status).toBe(200);
        const html = await response.text();
        expect(html).toContain(`<h1>${module.title.replace(/&/g, '&amp;')}</h1>`);
        for (const sectionId of module.sectionIds)
          expect(html).toMatch(new RegExp(`<section class="[a-z-]+" id="${sectionId}"`));
        if (index > 0) expect(html).toContain(`rel="prev" href="/courses/${slug}/modules/${modules[index - 1].id}"`);
        if (index < modules.length - 1)
          expect(html).toContain(`rel="next" href="/courses/${slug}/modules/${modules[index + 1].id}"`);
        expect(gzipSync(html).length).toBeLessThan(30 * 1024);
      }
    },
  );

  it('should speak the language of the browser, and remember a language chosen by link', async () => {
    const english = await (await get('/', { 'accept-language': 'en-GB,en;q=0.9' })).text();
    expect(english).toContain('<a class="skip" href="#main">Skip to content</a>');
    expect(english).toContain('<a href="?lang=fr" hreflang="fr" lang="fr">Français</a>');

    const french = await get('/', { 'accept-language': 'fr-SN, fr;q=0.9, en;q=0.5' });
    expect(french.headers.get('vary')).toContain('accept-language');
    const frenchHtml = await french.text();
    expect(frenchHtml).toMatch(/^<!doctype html>\n<html lang="fr" dir="ltr">/);
    expect(frenchHtml).toContain('Aller au contenu');
    expect(frenchHtml).not.toContain('Skip to content');

    const chosen = await get('/?lang=fr', { 'accept-language': 'en' });
    const cookie = chosen.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^cascade_lang=fr;/);
    expect(await chosen.text()).toContain('Aller au contenu');
    const next = await (await get('/', { 'accept-language': 'en', cookie: cookie.split(';')[0] })).text();
    expect(next).toContain('<html lang="fr" dir="ltr">');
  });

  it('should send compressed pages and answer a revalidation with 304', async () => {
    const url = '/courses/school-resource-allocation/modules/res-m03';
    const compressed = await get(url, { 'accept-encoding': 'br, gzip' });
    expect(compressed.headers.get('content-encoding')).toBe('br');
    const etag = compressed.headers.get('etag')!;
    expect(etag).toMatch(/^".+"$/);
    const revalidated = await get(url, { 'if-none-match': etag });
    expect(revalidated.status).toBe(304);
  });

  it('should serve the stylesheet under a hashed name, cached for a year', async () => {
    const html = await (await get('/')).text();
    const href = /<link rel="stylesheet" href="([^"]+)">/.exec(html)![1];
    const css = await get(href);
    expect(css.status).toBe(200);
    expect(css.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await get('/assets/app-000000000000.css')).status).toBe(404);
  });

  it('should give the same data as JSON under /api', async () => {
    const list = (await (await get('/api/courses')).json()) as { slug: string; versionNumber: number }[];
    // The trainer-of-trainers track (content/tracks/) is a course of kind track, listed like the others.
    expect(list.map((course) => course.slug).sort()).toEqual([...COURSES, 'trainer-of-trainers']);

    const course = (await (await get('/api/courses/education-networks-clusters')).json()) as {
      weeks: { number: number; moduleIds: string[] }[];
      modules: { id: string; weekNumber: number }[];
      outcomes: { id: string }[];
      audience: { id: string }[];
    };
    expect(course.weeks.map((week) => week.moduleIds.length)).toEqual([5, 5]);
    expect(course.modules.map((module) => module.weekNumber)).toEqual([1, 1, 1, 1, 1, 2, 2, 2, 2, 2]);
    expect(course.outcomes.length).toBeGreaterThan(0);
    expect(course.audience.length).toBeGreaterThan(0);

    const module = (await (await get('/api/courses/education-networks-clusters/modules/net-m01')).json()) as {
      sections: { id: string; html: string }[];
      previousModuleId: string | null;
      nextModuleId: string | null;
    };
    const fromFiles = (await modulesFromFiles('education-networks-clusters'))[0];
    expect(module.sections.map((section) => section.id)).toEqual(fromFiles.sectionIds);
    expect(module.previousModuleId).toBeNull();
    expect(module.nextModuleId).toBe('net-m02');

    const versions = (await (await get('/api/courses/education-networks-clusters/versions')).json()) as {
      versionNumber: number;
    }[];
    expect(versions.map((version) => version.versionNumber)).toEqual([1]);
  });

  it('should answer errors in one shape with the request id', async () => {
    const missing = await get('/api/courses/no-such-course', { 'x-request-id': 'trace-123' });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('x-request-id')).toBe('trace-123');
    expect(await missing.json()).toEqual({
      statusCode: 404,
      code: 'COURSE_NOT_FOUND',
      message: 'No course "no-such-course"',
      requestId: 'trace-123',
    });

    const badVersion = await get('/api/courses/education-networks-clusters?version=zero');
    expect(badVersion.status).toBe(400);
    const body = (await badVersion.json()) as {
      code: string;
      message: string;
      details: { fields: { field: string }[] };
    };
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.details.fields.map((field) => field.field)).toEqual(['version']);

    const badModule = await get('/api/courses/education-networks-clusters/modules/net-m99');
    expect(((await badModule.json()) as { code: string }).code).toBe('MODULE_NOT_FOUND');

    const unknownVersion = await get('/api/courses/education-networks-clusters?version=7');
    expect(unknownVersion.status).toBe(404);
  });

  it('should show a readable error page to browsers', async () => {
    const response = await get('/courses/no-such-course', { accept: 'text/html' });
    expect(response.status).toBe(404);
    const html = await response.text();
    expect(html).toContain('<h1>Page not found</h1>');
    expect(html).toContain('No course &quot;no-such-course&quot;');
  });

  it('should publish OpenAPI at /api/docs', async () => {
    const document = (await (await get('/api/docs/openapi.json')).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(document.openapi).toMatch(/^3\./);
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/courses',
        '/api/courses/{slug}',
        '/api/courses/{slug}/versions',
        '/api/courses/{slug}/modules/{moduleId}',
        '/health/ready',
      ]),
    );
    expect((await get('/api/docs')).status).toBe(200);
  });

  it('should report liveness and readiness of PostgreSQL and Redis', async () => {
    expect(await (await get('/health/live')).json()).toEqual({ status: 'live' });
    expect(await (await get('/health/ready')).json()).toEqual({
      status: 'ready',
      checks: { postgres: 'up', redis: 'up' },
    });
  });
});
