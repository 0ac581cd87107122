import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { cohortIdOf, userIdOf, type Sql } from '../support/capstone-fixtures.js';
import { makeEligible } from '../support/certificate-fixtures.js';
import { addParticipants } from '../support/peer-review-fixtures.js';
import type { HttpSession } from '../support/http-session.js';
import { HttpSession as Session } from '../support/http-session.js';
import { pdfAttachment } from '../support/pdf-files.js';
import { pdfText } from '../support/pdf-text.js';
import { decodeStatusList, isStatusBitSet } from '../../src/modules/certificates/credentials/open-badges.js';
import { qrCodesOf } from '../support/qr-code.js';
import { spawnEntry, startTestApp, type RunningApp } from '../support/test-app.js';
import { querySql, signInAs } from '../support/test-sql.js';

const BIKASH = 'participant@np.demo.cascade.test';
const SUNITA = 'participant2@np.demo.cascade.test';
const TRAINER = 'trainer@np.demo.cascade.test';

jest.setTimeout(150_000);

describe('certificates: completion, issuing in the worker, PDF, verification, revocation and reissue', () => {
  let running: RunningApp;
  let worker: ReturnType<typeof spawnEntry>;
  let sql: Sql;
  let cohortId: string;
  let trainerId: string;
  let participant: HttpSession;
  let trainer: HttpSession;
  let base: string;

  const startWorker = async () => {
    const started = spawnEntry('worker', { ...running.environment, LOG_LEVEL: 'info' });
    for (let waited = 0; !started.output().includes('Cascade worker started'); waited += 100) {
      if (waited > 30_000 || started.exitCode !== null) throw new Error(`worker did not start:\n${started.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return started;
  };

  /** Polls until `check` gives a value, or fails with the worker's output. */
  const eventually = async <T>(
    what: string,
    check: () => Promise<T | null | undefined | false>,
    limitMs = 40_000,
  ): Promise<T> => {
    for (let waited = 0; waited < limitMs; waited += 250) {
      const value = await check();
      if (value) return value;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`${what}: not after ${limitMs / 1000} s\nworker output:\n${worker.output().slice(-4000)}`);
  };

  const certificatesOf = (userId: string) =>
    sql<{ id: string; version: number; serial: string; verification_code: string; holder_name: string }>(
      `SELECT id, version, serial, verification_code, holder_name FROM certificates
       WHERE cohort_id = $1 AND user_id = $2 ORDER BY version`,
      [cohortId, userId],
    );

  const post = async (session: HttpSession, path: string, fields: Record<string, string> = {}) =>
    session.postForm(path, { _csrf: await session.csrfTokenFrom('/me'), ...fields });

  /** The public verification API, as anyone calls it: no session, no CSRF token. */
  const verifyApi = async (credential: unknown) => {
    const response = await fetch(`${running.baseUrl}/api/v1/credentials/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof credential === 'string' ? credential : JSON.stringify(credential),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as { verdict: string; reasons: string[]; holderName?: string };
  };

  let credentialJson = '';

  beforeAll(async () => {
    running = await startTestApp({ seedDemo: true });
    sql = (text, values) => querySql(running.database.url, text, values);
    cohortId = await cohortIdOf(sql, 'np-cept');
    trainerId = await userIdOf(sql, TRAINER);
    base = `/i/np-cept/cohorts/${cohortId}`;
    worker = await startWorker();
    participant = await signInAs(running.baseUrl, BIKASH);
    trainer = await signInAs(running.baseUrl, TRAINER);
  });

  afterAll(async () => {
    worker?.kill('SIGTERM');
    await running?.close();
  });

  it('should show a participant what is missing, then issue the certificate when the trainer releases the grade', async () => {
    const bikash = await userIdOf(sql, BIKASH);
    expect(await (await participant.get(base)).text()).toContain(`href="${base}/certificate"`);
    expect(await (await trainer.get(base)).text()).toContain(`href="${base}/certificates"`);
    const before = await (await participant.get(`${base}/certificate`)).text();
    expect(before).toContain('What is still missing');
    expect(before).toContain('Your capstone action plan has no released grade yet');
    expect(before).toMatch(/Pass \d+ more module quizzes/);

    const submissionId = await makeEligible(sql, {
      cohortId,
      userId: bikash,
      actorId: trainerId,
      release: false,
      prefix: 'bk',
    });
    const waiting = await (await participant.get(`${base}/certificate`)).text();
    expect(waiting).toContain('Your capstone action plan has no released grade yet');
    expect(waiting).not.toMatch(/Pass \d+ more module quizzes/);
    expect(await certificatesOf(bikash)).toEqual([]);

    // The trainer releases the grade through the grading page: that queues the check, and the worker issues.
    const released = await post(trainer, `${base}/capstone/grading/${submissionId}/release`);
    expect(released.status).toBe(303);
    const ready = await (await participant.get(`${base}/certificate`)).text();
    expect(ready.slice(ready.indexOf('<main'))).toContain('You have completed the course');
    const [certificate] = await eventually('certificate issued', async () => {
      const rows = await sql<{ id: string }>(
        `SELECT c.id FROM certificates c JOIN certificate_files f ON f.certificate_id = c.id WHERE c.user_id = $1`,
        [bikash],
      );
      return rows.length > 0 ? rows : null;
    });
    const [row] = await certificatesOf(bikash);
    expect(row.id).toBe(certificate.id);
    expect(row.serial).toMatch(/^NP-CEPT-\d{4}-000001$/);

    const page = await (await participant.get(`${base}/certificate`)).text();
    expect(page).toContain(row.serial);
    expect(page).toContain('Download the PDF');
    const pdfResponse = await participant.get(`${base}/certificates/${row.id}/pdf`);
    expect(pdfResponse.status).toBe(200);
    expect(pdfResponse.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await pdfResponse.arrayBuffer());
    const text = (await pdfText(pdf)).replace(/\s+/g, ' ');
    expect(text).toContain('Bikash Gurung');
    expect(text).toContain('School Resource Allocation and Optimization');
    expect(text).toContain(row.verification_code);
    expect(text).toContain(row.serial);
    expect(await qrCodesOf(pdf)).toEqual([`${running.baseUrl}/verify/${row.verification_code}`]);
    // The stored checksum is the checksum of the bytes served.
    const [files] = await sql<{ pdf_sha256: string }>(
      `SELECT pdf_sha256 FROM certificate_files WHERE certificate_id = $1`,
      [row.id],
    );
    const { createHash } = await import('node:crypto');
    expect(createHash('sha256').update(pdf).digest('hex')).toBe(files.pdf_sha256);

    // The participant and the cohort's trainer are told.
    const mailbox = await eventually('certificate mails', async () => {
      const list = await (await fetch(`${running.baseUrl}/dev/mailbox`)).text();
      return list.includes('Your certificate:') && list.includes('Certificate issued: Bikash Gurung') ? list : null;
    });
    expect(mailbox).toContain('participant@np.demo.cascade.test');
    expect(mailbox).toContain(TRAINER);

    const audit = await sql<{ action: string }>(`SELECT action FROM audit_log WHERE entity_id = $1`, [row.id]);
    expect(audit.map((entry) => entry.action)).toEqual(['certificate.issued']);

    // The signed credential: downloadable, embedded in the PDF as the same bytes, and verified by the public API.
    const download = await participant.get(`${base}/certificates/${row.id}/credential.json`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toBe(`attachment; filename="certificate-${row.serial}.json"`);
    credentialJson = await download.text();
    expect((await pdfAttachment(pdf, 'credential.json'))?.toString('utf8')).toBe(credentialJson);
    const credential = JSON.parse(credentialJson) as {
      type: string[];
      credentialSubject: { identifier: { identityHash: string }[] };
    };
    expect(credential.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(credential.credentialSubject.identifier[0].identityHash).toBe('Bikash Gurung');
    const verdict = await verifyApi(credentialJson);
    expect(verdict).toMatchObject({ verdict: 'valid', holderName: 'Bikash Gurung' });
    expect(verdict.holderName).toBe('Bikash Gurung');
    // One character changed anywhere signed: tampered.
    const tampered = await verifyApi(credentialJson.replace('Bikash Gurung', 'Bikash Gurunh'));
    expect(tampered.verdict).toBe('tampered');
    expect(tampered.reasons.join(' ')).not.toBe('');
    expect((await verifyApi('{"not": "a credential"}')).verdict).toBe('invalid');

    // The issuer profile is published with the key that signed it.
    const issuerUrl = (JSON.parse(credentialJson) as { issuer: { id: string } }).issuer.id;
    const profile = await fetch(`${running.baseUrl}${new URL(issuerUrl).pathname}`);
    expect(profile.status).toBe(200);
    expect(((await profile.json()) as { verificationMethod: { type: string }[] }).verificationMethod[0].type).toBe(
      'Multikey',
    );
  });

  it('should let anyone verify the certificate without logging in, and show a revocation with its date and reason', async () => {
    const [row] = await certificatesOf(await userIdOf(sql, BIKASH));
    const anonymous = new Session(running.baseUrl);
    const valid = await anonymous.get(`/verify/${row.verification_code.toLowerCase()}`);
    expect(valid.status).toBe(200);
    const validPage = await valid.text();
    expect(validPage).toContain('Valid.');
    expect(validPage).toContain('Bikash Gurung');
    expect(validPage).toContain('School Resource Allocation and Optimization');
    expect(validPage).toContain('Centre for');
    expect((await anonymous.get('/verify/ZZZZ-ZZZZ-ZZZZ-ZZZZ')).status).toBe(404);
    const typed = await anonymous.get(`/verify?code=${encodeURIComponent(row.verification_code.replace(/-/g, ' '))}`);
    expect(typed.status).toBe(303);
    expect(typed.headers.get('location')).toBe(`/verify/${row.verification_code}`);

    const refused = await post(trainer, `${base}/certificates/${row.id}/revoke`, { reason: '  ' });
    expect(refused.status).toBe(422);
    const revoked = await post(trainer, `${base}/certificates/${row.id}/revoke`, { reason: 'Plagiarised capstone' });
    expect(revoked.status).toBe(303);
    const revokedPage = await (await anonymous.get(`/verify/${row.verification_code}`)).text();
    expect(revokedPage).toContain('Revoked');
    expect(revokedPage).toContain('Plagiarised capstone');
    expect(revokedPage).not.toContain('Valid.');
    expect(await (await participant.get(`${base}/certificate`)).text()).toContain('Plagiarised capstone');
    // Revoked once: a second revocation is refused, and the database keeps the first as written.
    expect((await post(trainer, `${base}/certificates/${row.id}/revoke`, { reason: 'again' })).status).toBe(409);
    await expect(sql(`UPDATE certificate_revocations SET reason = 'x'`)).rejects.toThrow(/kept as written/);
    await expect(sql(`DELETE FROM certificates WHERE id = $1`, [row.id])).rejects.toThrow(/kept as written/);
    const audit = await sql<{ action: string; reason: string }>(
      `SELECT action, reason FROM audit_log WHERE entity_id = $1 AND action = 'certificate.revoked'`,
      [row.id],
    );
    expect(audit).toEqual([{ action: 'certificate.revoked', reason: 'Plagiarised capstone' }]);

    // Revoked in the API's verdict and in the published, signed status list.
    const verdict = await verifyApi(credentialJson);
    expect(verdict).toMatchObject({ verdict: 'revoked' });
    const credential = JSON.parse(credentialJson) as {
      credentialStatus: { statusListCredential: string; statusListIndex: string };
    };
    const list = await fetch(`${running.baseUrl}${new URL(credential.credentialStatus.statusListCredential).pathname}`);
    expect(list.status).toBe(200);
    const listJson = (await list.json()) as { proof: unknown; credentialSubject: { encodedList: string } };
    expect(listJson.proof).toBeDefined();
    const bits = decodeStatusList(listJson.credentialSubject.encodedList);
    expect(isStatusBitSet(bits, Number(credential.credentialStatus.statusListIndex))).toBe(true);
  });

  it('should reissue with a corrected name as a new version linked to the old, which then shows as replaced', async () => {
    const sunita = await userIdOf(sql, SUNITA);
    await makeEligible(sql, { cohortId, userId: sunita, actorId: trainerId, prefix: 'su' });
    // Nothing queued this one (the grade was written straight to the database): the staff's button catches it.
    const staffPage = await (await trainer.get(`${base}/certificates`)).text();
    expect(staffPage).toContain('1 eligible without a certificate yet');
    expect((await post(trainer, `${base}/certificates/issue-eligible`)).headers.get('location')).toBe(
      `${base}/certificates?queued=1`,
    );
    const [first] = await eventually('first version', async () => {
      const rows = await sql<{ id: string }>(
        `SELECT c.id FROM certificates c JOIN certificate_files f ON f.certificate_id = c.id WHERE c.user_id = $1`,
        [sunita],
      );
      return rows.length ? rows : null;
    });
    const reissued = await post(trainer, `${base}/certificates/${first.id}/reissue`, {
      holderName: 'Sunita Shrestha Rai',
      reason: 'Name corrected at her request',
    });
    expect(reissued.status).toBe(303);
    const versions = await certificatesOf(sunita);
    expect(versions.map((version) => [version.version, version.holder_name])).toEqual([
      [1, versions[0].holder_name],
      [2, 'Sunita Shrestha Rai'],
    ]);
    const [link] = await sql<{ supersedes_id: string }>(`SELECT supersedes_id FROM certificates WHERE id = $1`, [
      versions[1].id,
    ]);
    expect(link.supersedes_id).toBe(first.id);
    // Only the newest version can be reissued.
    expect(
      (await post(trainer, `${base}/certificates/${first.id}/reissue`, { holderName: 'X', reason: 'again' })).status,
    ).toBe(409);

    const anonymous = new Session(running.baseUrl);
    const oldPage = await (await anonymous.get(`/verify/${versions[0].verification_code}`)).text();
    expect(oldPage).toContain('Replaced');
    expect(oldPage).toContain('Name corrected at her request');
    expect(oldPage).toContain(`/verify/${versions[1].verification_code}`);
    // The replaced version's credential is revoked in the status list; the new one is issued by the worker.
    const oldCredential = await (await trainer.get(`${base}/certificates/${first.id}/credential.json`)).text();
    expect(await verifyApi(oldCredential)).toMatchObject({ verdict: 'revoked' });
    const newPage = await (await anonymous.get(`/verify/${versions[1].verification_code}`)).text();
    expect(newPage).toContain('Valid.');
    expect(newPage).toContain('Sunita Shrestha Rai');

    const sunitaSession = await signInAs(running.baseUrl, SUNITA);
    const pdfResponse = await eventually('reissued PDF', async () => {
      const response = await sunitaSession.get(`${base}/certificates/${versions[1].id}/pdf`);
      return response.headers.get('content-type') === 'application/pdf' ? response : null;
    });
    expect(await pdfText(Buffer.from(await pdfResponse.arrayBuffer()))).toContain('Sunita Shrestha Rai');
    const newCredential = await (
      await sunitaSession.get(`${base}/certificates/${versions[1].id}/credential.json`)
    ).text();
    expect(await verifyApi(newCredential)).toMatchObject({ verdict: 'valid', holderName: 'Sunita Shrestha Rai' });
  });

  it("should keep certificates to their holder and the cohort's staff: 404 for other participants and institutes", async () => {
    const [bikashCertificate] = await certificatesOf(await userIdOf(sql, BIKASH));
    const sunitaSession = await signInAs(running.baseUrl, SUNITA);
    expect((await sunitaSession.get(`${base}/certificates/${bikashCertificate.id}/pdf`)).status).toBe(404);
    expect((await sunitaSession.get(`${base}/certificates`)).status).toBe(404);
    const otherTrainer = await signInAs(running.baseUrl, 'trainer@sn.demo.cascade.test');
    expect((await otherTrainer.get(`${base}/certificates`)).status).toBe(404);
    expect((await otherTrainer.get(`${base}/certificates/${bikashCertificate.id}/pdf`)).status).toBe(404);
    expect(
      (await post(otherTrainer, `${base}/certificates/${bikashCertificate.id}/revoke`, { reason: 'not mine' })).status,
    ).toBe(404);
    const anonymous = new Session(running.baseUrl);
    const redirected = await anonymous.get(`${base}/certificates/${bikashCertificate.id}/pdf`);
    expect(redirected.status).toBe(303);
    expect(redirected.headers.get('location')).toMatch(/^\/login\?next=/);
  });

  it('should end with exactly one certificate each when the worker is killed mid-run and jobs are queued twice', async () => {
    const targets = await addParticipants(sql, cohortId, 'kill', 6);
    for (const [index, userId] of targets.entries())
      await makeEligible(sql, { cohortId, userId, actorId: trainerId, prefix: `kill${index}` });
    // Twice, as two staff members clicking at once would.
    await Promise.all([
      post(trainer, `${base}/certificates/issue-eligible`),
      post(trainer, `${base}/certificates/issue-eligible`),
    ]);
    await eventually('a first certificate row', async () => {
      const [{ count }] = await sql<{ count: number }>(
        `SELECT count(*)::int AS count FROM certificates WHERE user_id = ANY($1::uuid[])`,
        [targets],
      );
      return count > 0;
    });
    worker.kill('SIGKILL');
    await new Promise((resolve) => worker.once('exit', resolve));
    worker = await startWorker();
    await eventually(
      'every certificate made',
      async () => {
        const [{ count }] = await sql<{ count: number }>(
          `SELECT count(*)::int AS count FROM certificates c JOIN certificate_files f ON f.certificate_id = c.id
         WHERE c.user_id = ANY($1::uuid[])`,
          [targets],
        );
        return count >= targets.length;
      },
      60_000,
    );
    const counts = await sql<{ user_id: string; count: number }>(
      `SELECT user_id, count(*)::int AS count FROM certificates WHERE user_id = ANY($1::uuid[]) GROUP BY user_id`,
      [targets],
    );
    expect(counts.map((row) => row.count)).toEqual(targets.map(() => 1));
  });
});
