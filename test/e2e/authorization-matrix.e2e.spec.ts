import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { AppModule } from '../../src/app.module.js';
import { HttpSession } from '../support/http-session.js';
import { startTestApp, type RunningApp } from '../support/test-app.js';
import { DEMO_PASSWORD, querySql } from '../support/test-sql.js';

interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
}

/** Every route of every controller the API module loads, read from Nest's own metadata: a new route is covered without editing this test. */
function allRoutes(): Route[] {
  const routes: Route[] = [];
  const seen = new Set<unknown>();
  const visit = (entry: unknown) => {
    const moduleClass = (entry as { module?: unknown })?.module ?? entry;
    if (!moduleClass || seen.has(moduleClass)) return;
    seen.add(moduleClass);
    const imports = [
      ...((Reflect.getMetadata('imports', moduleClass) as unknown[] | undefined) ?? []),
      ...((entry as { imports?: unknown[] }).imports ?? []),
    ];
    const controllers = [
      ...((Reflect.getMetadata('controllers', moduleClass) as (new () => object)[] | undefined) ?? []),
      ...((entry as { controllers?: (new () => object)[] }).controllers ?? []),
    ];
    for (const controller of controllers) {
      const prefixes = [Reflect.getMetadata(PATH_METADATA, controller) as string | string[]].flat();
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name];
        if (typeof handler !== 'function' || name === 'constructor') continue;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (method === undefined) continue;
        for (const prefix of prefixes) {
          for (const path of [Reflect.getMetadata(PATH_METADATA, handler) as string | string[]].flat()) {
            const full = `/${[prefix, path].filter((part) => part && part !== '/').join('/')}`.replace(/\/+/g, '/');
            routes.push({
              method: RequestMethod[method] as Route['method'],
              path: full === '/' ? '/' : full.replace(/\/$/, ''),
            });
          }
        }
      }
    }
    for (const child of imports) visit(child);
  };
  visit(AppModule);
  return routes;
}

/** Platform administration (/admin/…): platform admins only, never institute roles. */
function isPlatformAdmin(route: Route): boolean {
  return route.path === '/admin' || route.path.startsWith('/admin/');
}

/** Routes anyone may use by design: the public catalogue, log-in, health, docs, assets, dev tools. */
function isPublic(route: Route): boolean {
  return (
    !route.path.startsWith('/i/') &&
    !isPlatformAdmin(route) &&
    !['/me', '/learn', '/api/me/learning', '/logout'].includes(route.path) &&
    !route.path.startsWith('/api/institutes/')
  );
}

/**
 * An institute's public catalogue of localized copies (issue 8): readable by anyone, like the master catalogue,
 * and scoped by the institute in the path (a copy of another institute is 404).
 */
function isPublicInstitutePage(route: Route): boolean {
  return route.method === 'GET' && (route.path === '/i/:institute' || route.path.startsWith('/i/:institute/courses/'));
}

describe('authorization matrix: every route, as every kind of person of institute A and of institute B', () => {
  let running: RunningApp;
  const ids: Record<string, string> = {};
  const sessions: Record<string, HttpSession> = {};

  const sql = <Row extends object>(text: string, values: unknown[] = []) =>
    querySql<Row>(running.database.url, text, values);

  /** A real path into institute A (Senegal): its slug, its cohort, one of its enrolments, an open module. */
  /** A real path into institute A (Senegal) or B (Nepal): its slug, its cohort, one of its enrolments and people. */
  const concrete = (path: string, target: 'A' | 'B' = 'A') =>
    path
      .replace(':institute', target === 'A' ? 'sn-ifpe' : 'np-cept')
      .replace(':cohortId', ids[`cohort${target}`])
      .replace(':enrolmentId', ids[`enrolment${target}`])
      .replace(':userId', ids[`person${target}`])
      .replace(':role', 'participant')
      .replace(':moduleId', target === 'A' ? 'net-m01' : 'res-m01')
      .replace(':slug', 'education-networks-clusters')
      .replace(':id', ids[`cohort${target}`])
      .replace(':file', 'app.css');

  beforeAll(async () => {
    // A copy of the content folder: some routes (the question bank import) write content files.
    running = await startTestApp({ seedDemo: true, copyContent: true });
    ids.cohortA = (
      await sql<{ id: string }>(
        `SELECT c.id FROM cohorts c JOIN institutes i ON i.id = c.institute_id WHERE i.slug = 'sn-ifpe'`,
      )
    )[0].id;
    ids.cohortB = (
      await sql<{ id: string }>(
        `SELECT c.id FROM cohorts c JOIN institutes i ON i.id = c.institute_id WHERE i.slug = 'np-cept'`,
      )
    )[0].id;
    ids.enrolmentB = (
      await sql<{ id: string }>(`SELECT id FROM enrolments WHERE cohort_id = $1 ORDER BY enrolled_at LIMIT 1`, [
        ids.cohortB,
      ])
    )[0].id;
    ids.personA = (
      await sql<{ id: string }>(`SELECT id FROM users WHERE email = 'participant@sn.demo.cascade.test'`)
    )[0].id;
    ids.personB = (
      await sql<{ id: string }>(`SELECT id FROM users WHERE email = 'participant2@np.demo.cascade.test'`)
    )[0].id;
    ids.enrolmentA = (
      await sql<{ id: string }>(`SELECT id FROM enrolments WHERE cohort_id = $1 ORDER BY enrolled_at LIMIT 1`, [
        ids.cohortA,
      ])
    )[0].id;
    for (const [who, email] of Object.entries({
      participantA: 'participant@sn.demo.cascade.test',
      trainerA: 'trainer@sn.demo.cascade.test',
      adminA: 'admin@sn.demo.cascade.test',
      // Only in institute B (the other Nepal participant is also enrolled in A's cohort, on purpose).
      participantB: 'participant2@np.demo.cascade.test',
      trainerB: 'trainer@np.demo.cascade.test',
      adminB: 'admin@np.demo.cascade.test',
      hubAdmin: 'hub.admin@demo.cascade.test',
      platformAdmin: 'platform.admin@demo.cascade.test',
    })) {
      sessions[who] = new HttpSession(running.baseUrl);
      expect((await sessions[who].logIn(email, DEMO_PASSWORD)).status).toBe(303);
    }
    sessions.anonymous = new HttpSession(running.baseUrl);
  });

  afterAll(async () => {
    await running?.close();
  });

  const call = async (who: string, route: Route, target: 'A' | 'B' = 'A') => {
    const session = sessions[who];
    const headers = { accept: 'application/json' };
    if (route.method === 'GET') return session.get(concrete(route.path, target), headers);
    // A valid CSRF token of the caller's own session, so that a refusal can only come from authorization.
    const token = who === 'anonymous' ? await session.csrfTokenFrom('/login') : await session.csrfTokenFrom('/me');
    return session.postForm(
      concrete(route.path, target),
      { _csrf: token, email: 'x@example.org', fullName: 'X', title: 'X' },
      headers,
    );
  };

  const refused = (status: number, location: string | null) =>
    [401, 403, 404].includes(status) || (status === 303 && (location ?? '').startsWith('/login'));

  it('should find the routes to check', () => {
    const routes = allRoutes();
    expect(routes.length).toBeGreaterThan(15);
    expect(routes).toEqual(expect.arrayContaining([{ method: 'GET', path: '/i/:institute/admin' }]));
  });

  it("should never let anyone from institute B, or anonymous visitors, into institute A's routes", async () => {
    const failures: string[] = [];
    for (const route of allRoutes().filter(
      (candidate) => candidate.path.includes(':institute') && !isPublicInstitutePage(candidate),
    )) {
      for (const who of ['anonymous', 'participantB', 'trainerB', 'adminB']) {
        const response = await call(who, route);
        if (!refused(response.status, response.headers.get('location')))
          failures.push(`${who} ${route.method} ${route.path} → ${response.status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it("should never let anyone from institute A into institute B's routes either", async () => {
    const failures: string[] = [];
    for (const route of allRoutes().filter(
      (candidate) => candidate.path.includes(':institute') && !isPublicInstitutePage(candidate),
    )) {
      for (const who of ['participantA', 'trainerA', 'adminA']) {
        const response = await call(who, route, 'B');
        if (!refused(response.status, response.headers.get('location'))) {
          failures.push(`${who} ${route.method} ${route.path} (institute B) → ${response.status}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it("should keep institute A's participants and trainers out of its admin routes", async () => {
    const failures: string[] = [];
    for (const route of allRoutes().filter((candidate) => candidate.path.startsWith('/i/:institute/admin'))) {
      for (const who of ['participantA', 'trainerA']) {
        const response = await call(who, route);
        if (!refused(response.status, response.headers.get('location')))
          failures.push(`${who} ${route.method} ${route.path} → ${response.status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('should keep the platform admin routes from everyone else, institute admins included', async () => {
    const routes = allRoutes().filter(isPlatformAdmin);
    expect(routes).toEqual(
      expect.arrayContaining([
        { method: 'GET', path: '/admin/question-banks' },
        { method: 'POST', path: '/admin/question-banks' },
      ]),
    );
    const failures: string[] = [];
    for (const route of routes) {
      for (const who of ['anonymous', 'participantA', 'trainerA', 'adminA', 'adminB', 'hubAdmin']) {
        const response = await call(who, route);
        if (!refused(response.status, response.headers.get('location')))
          failures.push(`${who} ${route.method} ${route.path} → ${response.status}`);
      }
      // The platform admin gets through (a GET opens the page; the matrix's dummy form is a bad request, not a refusal).
      const response = await call('platformAdmin', route);
      if (route.method === 'GET' ? response.status !== 200 : refused(response.status, response.headers.get('location')))
        failures.push(`platformAdmin ${route.method} ${route.path} → ${response.status}`);
    }
    expect(failures).toEqual([]);
  });

  it("should let institute A's admin, and its cohort's members, do what their role allows", async () => {
    expect((await call('adminA', { method: 'GET', path: '/i/:institute/admin' })).status).toBe(200);
    expect((await call('adminA', { method: 'GET', path: '/i/:institute/admin/cohorts/:cohortId' })).status).toBe(200);
    expect((await call('trainerA', { method: 'GET', path: '/i/:institute/cohorts/:cohortId' })).status).toBe(200);
    expect(
      (await call('participantA', { method: 'GET', path: '/i/:institute/cohorts/:cohortId/modules/:moduleId' })).status,
    ).toBe(200);
  });

  it("should show anyone an institute's public catalogue, and no other institute's copies through it", async () => {
    const routes = allRoutes().filter(isPublicInstitutePage);
    expect(routes).toEqual(
      expect.arrayContaining([
        { method: 'GET', path: '/i/:institute' },
        { method: 'GET', path: '/i/:institute/courses/:copy' },
        { method: 'GET', path: '/i/:institute/courses/:copy/modules/:moduleId' },
      ]),
    );
    expect(routes).toHaveLength(3);
    expect((await sessions.anonymous.get('/i/sn-ifpe')).status).toBe(200);
    expect((await sessions.anonymous.get('/i/no-such-institute')).status).toBe(404);
    for (const who of ['anonymous', 'adminA', 'adminB'])
      expect((await sessions[who].get('/i/np-cept/courses/no-such-copy')).status).toBe(404);
  });

  it('should ask anonymous visitors to sign in for every personal route', async () => {
    const failures: string[] = [];
    for (const route of allRoutes().filter(
      (candidate) => !isPublic(candidate) && !candidate.path.includes(':institute'),
    )) {
      if (route.path === '/logout') continue; // logging out with no session is harmless and answers with a redirect home
      const response = await call('anonymous', route);
      if (!refused(response.status, response.headers.get('location')))
        failures.push(`anonymous ${route.method} ${route.path} → ${response.status}`);
    }
    expect(failures).toEqual([]);
  });
});
