import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Ajv2019 } from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import type { Sql } from '../support/capstone-fixtures.js';
import type { HttpSession } from '../support/http-session.js';
import { HttpSession as Session } from '../support/http-session.js';
import { pdfText } from '../support/pdf-text.js';
import { giveKathmanduCertificate } from '../support/certificate-fixtures.js';
import { spawnEntry, startTestApp, type RunningApp } from '../support/test-app.js';
import { querySql, signInAs } from '../support/test-sql.js';

const SUNITA = 'participant2@np.demo.cascade.test';
const MASTER = 'master.trainer@demo.cascade.test';
const NP_ADMIN = 'admin@np.demo.cascade.test';
const OTHER_ADMIN = 'admin@sn.demo.cascade.test';
const COURSE = 'epm-resources';

jest.setTimeout(180_000);

/** 1EdTech's OB 3.0 AchievementCredential schema, with VC 2.0's validFrom for VC 1.1's issuanceDate (see the unit spec). */
function ob3Validator() {
  const fixtures = path.join(import.meta.dirname, '..', 'fixtures', 'openbadges');
  const schema = JSON.parse(
    readFileSync(path.join(fixtures, 'ob_v3p0_achievementcredential_schema.json'), 'utf8'),
  ) as Record<string, unknown>;
  schema.required = (schema.required as string[]).map((name) => (name === 'issuanceDate' ? 'validFrom' : name));
  const properties = schema.properties as Record<string, unknown>;
  properties.validFrom = { type: 'string', format: 'date-time' };
  properties.validUntil = { type: 'string', format: 'date-time' };
  const ajv = new Ajv2019({ allErrors: true, strict: false });
  addFormats.default(ajv);
  return ajv.compile(schema);
}

describe('trainer certificates: the full path certifies, the worker issues, anyone verifies', () => {
  let running: RunningApp;
  let worker: ReturnType<typeof spawnEntry>;
  let sql: Sql;
  let sunitaId: string;
  let pathUrl: string;
  const sessions: Record<string, HttpSession> = {};
  const post = async (who: string, url: string, fields: Record<string, string>, tokenPage = pathUrl) =>
    sessions[who].postForm(url, { _csrf: await sessions[who].csrfTokenFrom(tokenPage), ...fields });

  const eventually = async <T>(what: string, check: () => Promise<T | null | undefined | false>): Promise<T> => {
    for (let waited = 0; waited < 60_000; waited += 250) {
      const value = await check();
      if (value) return value;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`${what}: not after 60 s\nworker output:\n${worker.output().slice(-4000)}`);
  };

  const verifyApi = async (credential: string) => {
    const response = await fetch(`${running.baseUrl}/api/v1/credentials/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: credential,
    });
    expect(response.status).toBe(200);
    return (await response.json()) as { verdict: string; reasons: string[] };
  };

  beforeAll(async () => {
    running = await startTestApp({ seedDemo: true, demoSubmissions: true });
    sql = (text, values) => querySql(running.database.url, text, values);
    [{ id: sunitaId }] = await sql<{ id: string }>(`SELECT id FROM users WHERE email = $1`, [SUNITA]);
    // Sunita reads Cascade in French: her trainer certificate is printed in French.
    await sql(`UPDATE users SET preferred_language = 'fr' WHERE id = $1`, [sunitaId]);
    pathUrl = `/i/np-cept/trainers/people/${sunitaId}/courses/${COURSE}`;
    worker = spawnEntry('worker', { ...running.environment, LOG_LEVEL: 'info' });
    for (let waited = 0; !worker.output().includes('Cascade worker started'); waited += 100) {
      if (waited > 30_000 || worker.exitCode !== null) throw new Error(`worker did not start:\n${worker.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    for (const email of [SUNITA, MASTER, NP_ADMIN, OTHER_ADMIN])
      sessions[email] = await signInAs(running.baseUrl, email);
    // Sunita graduated from the Kathmandu cohort (the nomination rule): a course certificate, as the worker issues.
    await giveKathmanduCertificate(sql, sunitaId);
  });

  afterAll(async () => {
    worker?.kill('SIGTERM');
    await running?.close();
  });

  let code = '';
  let credentialJson = '';

  it('should issue one trainer certificate when the full path certifies Sunita, shown on her path page', async () => {
    expect(
      (
        await post(
          NP_ADMIN,
          '/i/np-cept/trainers/nominations',
          { candidate: `${sunitaId}|${COURSE}` },
          '/i/np-cept/trainers',
        )
      ).status,
    ).toBe(303);
    const [{ id: trackCohort }] = await sql<{ id: string }>(
      `SELECT id FROM cohorts WHERE title = 'Trainer-of-trainers track, Kathmandu'`,
    );
    const [{ id: masterCohort }] = await sql<{ id: string }>(
      `SELECT id FROM cohorts WHERE title = 'School resource allocation, master cohort (hub)'`,
    );
    await sql(
      `INSERT INTO enrolments (institute_id, cohort_id, user_id, status) SELECT institute_id, id, $2, 'enrolled' FROM cohorts WHERE id = $1`,
      [trackCohort, sunitaId],
    );
    expect((await post(NP_ADMIN, `${pathUrl}/events`, { event: 'enrol' })).status).toBe(303);
    expect(
      (await post(NP_ADMIN, `${pathUrl}/events`, { event: 'assign-co-facilitation', cohortId: masterCohort })).status,
    ).toBe(303);
    // Teach-back, scored at the top level by the master trainer.
    expect(
      (await post(SUNITA, `${pathUrl}/teach-backs`, { delivery: 'link', recordingUrl: 'https://video.example.org/s' }))
        .status,
    ).toBe(303);
    const masterPage = await (await sessions[MASTER].get(pathUrl)).text();
    const action = /action="([^"]+\/score)"/.exec(masterPage)![1];
    const top = new Map<string, string>();
    for (const [, criterion, level] of masterPage.matchAll(/name="level\.([^"]+)" value="([^"]+)"/g))
      top.set(criterion, level);
    const levels = Object.fromEntries([...top].map(([criterion, level]) => [`level.${criterion}`, level]));
    expect((await post(MASTER, action, { ...levels, feedback: 'Clear.' })).status).toBe(303);
    // Calibration with the reference levels.
    const [{ track }] = await sql<{
      track: { calibration: { references: { id: string; course: string; levels: Record<string, string> }[] } };
    }>(
      `SELECT v.track FROM course_versions v JOIN courses c ON c.id = v.course_id WHERE c.kind = 'track' ORDER BY v.number DESC LIMIT 1`,
    );
    const grades: Record<string, string> = {};
    for (const reference of track.calibration.references.filter((entry) => entry.course === COURSE))
      for (const [criterion, level] of Object.entries(reference.levels))
        grades[`grade.${reference.id}.${criterion}`] = level;
    expect((await post(SUNITA, `${pathUrl}/calibration`, grades, `${pathUrl}/calibration`)).status).toBe(303);
    // The track completed, then the master's sign-off certifies her, which queues the trainer certificate.
    await sql(
      `INSERT INTO module_progress (enrolment_id, module_key, institute_id, completed_at)
       SELECT e.id, m.module_key, e.institute_id, now() FROM enrolments e JOIN cohorts c ON c.id = e.cohort_id
       JOIN course_modules m ON m.course_version_id = c.course_version_id WHERE e.cohort_id = $1 AND e.user_id = $2`,
      [trackCohort, sunitaId],
    );
    await sql(
      `INSERT INTO quiz_grade_overrides (institute_id, cohort_id, module_key, user_id, percent, reason, created_by)
       SELECT c.institute_id, c.id, m.module_key, $2, 100, 'e2e', u.id FROM cohorts c
       JOIN course_modules m ON m.course_version_id = c.course_version_id JOIN users u ON u.email = $3
       WHERE c.id = $1 AND m.quiz_settings IS NOT NULL`,
      [trackCohort, sunitaId, MASTER],
    );
    expect((await post(MASTER, `${pathUrl}/sign-off`, { note: 'Good co-facilitation.' })).status).toBe(303);

    const [issued] = await eventually('trainer certificate with its files', async () => {
      const rows = await sql<{ id: string; verification_code: string; serial: string; credential_json: string }>(
        `SELECT c.id, c.verification_code, c.serial, f.credential_json FROM certificates c
         JOIN certificate_files f ON f.certificate_id = c.id
         JOIN trainer_certifications tc ON tc.id = c.trainer_certification_id
         WHERE c.kind = 'trainer' AND c.user_id = $1 AND tc.kind = 'certification'`,
        [sunitaId],
      );
      return rows.length > 0 ? rows : null;
    });
    code = issued.verification_code;
    credentialJson = issued.credential_json;
    expect(issued.serial).toMatch(/^NP-CEPT-TR-\d{4}-\d{6}$/);
    expect(await sql(`SELECT 1 FROM certificates WHERE kind = 'trainer' AND user_id = $1`, [sunitaId])).toHaveLength(1);

    // Her path page links the PDF and the verify page; the PDF is the trainer template, in French.
    const page = await (await sessions[SUNITA].get(`${pathUrl}?lang=en`)).text();
    expect(page).toContain('Trainer certificates');
    expect(page).toContain(`href="/verify/${code}"`);
    const pdfHref = `${pathUrl}/certificates/${issued.id}/pdf`;
    expect(page).toContain(`href="${pdfHref}"`);
    const pdf = await sessions[SUNITA].get(pdfHref);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const text = (await pdfText(Buffer.from(await pdf.arrayBuffer()))).replace(/\s+/g, ' ');
    expect(text).toContain('Formateur national certifié —');
    expect(text).toContain('Sunita');
    expect(text).toContain('Certifié(e) par le maître formateur');
    expect(text).toContain(code);
    // Another institute's admin cannot download it (404).
    expect((await sessions[OTHER_ADMIN].get(pdfHref)).status).toBe(404);
    // Not in the Kathmandu cohort's certificate list.
    expect(await sql(`SELECT 1 FROM certificates WHERE kind = 'trainer' AND cohort_id IS NOT NULL`)).toEqual([]);
  });

  it('should verify: the page says valid and names the trainer role and course; the credential validates and verifies', async () => {
    const anonymous = new Session(running.baseUrl);
    const page = await (await anonymous.get(`/verify/${code}?lang=en`)).text();
    expect(page).toContain('Valid.');
    expect(page).toMatch(/Certified national trainer — [^<]*Resource/);
    const credential = JSON.parse(credentialJson) as Record<string, unknown>;
    const validate = ob3Validator();
    expect(validate(credential) ? [] : validate.errors).toEqual([]);
    expect(
      (credential.credentialSubject as { achievement: { achievementType: string } }).achievement.achievementType,
    ).toBe('Certification');
    expect(typeof credential.validUntil).toBe('string');
    expect((await verifyApi(credentialJson)).verdict).toBe('valid');
    expect((await verifyApi(credentialJson.replace('Sunita', 'Sunite'))).verdict).toBe('tampered');
  });

  it('should let the institute admin revoke it from the path page (not Sunita herself), then say revoked everywhere', async () => {
    const own = await (await sessions[SUNITA].get(`${pathUrl}?lang=en`)).text();
    expect(own).not.toContain('Revoke the certificate');
    const adminPage = await (await sessions[NP_ADMIN].get(`${pathUrl}?lang=en`)).text();
    const action = /action="([^"]+\/revoke)"/.exec(adminPage)![1];
    // Sunita cannot revoke her own (404: not hers to manage); a reason is required.
    expect((await post(SUNITA, action, { reason: 'mine' })).status).toBe(404);
    const noReason = await post(NP_ADMIN, action, { reason: '  ' });
    expect(noReason.status).toBe(422);
    expect(await noReason.text()).toContain('Give the reason for revoking the certificate.');
    const revoked = await post(NP_ADMIN, action, { reason: 'e2e: certified in error' });
    expect(revoked.status).toBe(303);
    expect((await post(NP_ADMIN, action, { reason: 'again' })).status).toBe(409);
    expect((await verifyApi(credentialJson)).verdict).toBe('revoked');
    const page = await (await new Session(running.baseUrl).get(`/verify/${code}?lang=en`)).text();
    expect(page).toContain('certified in error');
    expect(page).not.toContain('Valid.');
    expect(
      await sql(
        `SELECT 1 FROM audit_log WHERE action = 'certificate.revoked' AND entity_id = (SELECT id::text FROM certificates WHERE verification_code = $1)`,
        [code],
      ),
    ).toHaveLength(1);
  });
});
