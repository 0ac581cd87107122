import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { seedDemo } from '../../src/database/seeds/demo-seed.js';
import { CertificateIssuingService } from '../../src/modules/certificates/certificate-issuing.service.js';
import { cohortIdOf, userIdOf, type Sql } from '../support/capstone-fixtures.js';
import { makeEligible } from '../support/certificate-fixtures.js';
import { addParticipants } from '../support/peer-review-fixtures.js';
import { certificateServices, type CertificateServices } from '../support/certificate-services.js';
import { createDatabaseWithCourses } from '../support/seeded-database.js';

describe('issuing certificates in PostgreSQL: once, whatever the retries and races', () => {
  let closeDatabase: () => Promise<void>;
  let dataSource: DataSource;
  let sql: Sql;
  let storageDir: string;
  let issuing: CertificateIssuingService;
  let cohortId: string;
  let instituteId: string;
  let trainerId: string;
  let queued: CertificateServices['queued'];
  let printed: CertificateServices['printed'];

  beforeAll(async () => {
    ({ dataSource, close: closeDatabase } = await createDatabaseWithCourses());
    await seedDemo(dataSource);
    sql = (text, values) => dataSource.query(text, values);
    storageDir = await mkdtemp(path.join(os.tmpdir(), 'cascade-certificates-'));
    ({ issuing, queued, printed } = certificateServices(dataSource, storageDir));
    cohortId = await cohortIdOf(sql, 'np-cept');
    [{ institute_id: instituteId }] = await sql<{ institute_id: string }>(
      `SELECT institute_id FROM cohorts WHERE id = $1`,
      [cohortId],
    );
    trainerId = await userIdOf(sql, 'trainer@np.demo.cascade.test');
  });

  afterAll(async () => {
    await closeDatabase();
    await rm(storageDir, { recursive: true, force: true });
  });

  const request = (userId: string) => ({ instituteId, cohortId, userId, eligibleAt: new Date().toISOString() });

  it('should issue nothing to a participant who has not completed the course, and queue nothing', async () => {
    const [userId] = await addParticipants(sql, cohortId, 'early', 1);
    expect(await issuing.evaluate({ instituteId, cohortId, userId })).toBe('not-eligible');
    expect(await issuing.issue(request(userId))).toEqual({ outcome: 'not-eligible' });
    expect(await sql(`SELECT 1 FROM certificates WHERE user_id = $1`, [userId])).toEqual([]);
    expect(queued).toEqual([]);
  });

  it('should queue the issue job under its deterministic id when the check finds the participant eligible', async () => {
    const [userId] = await addParticipants(sql, cohortId, 'ready', 1);
    await makeEligible(sql, { cohortId, userId, actorId: trainerId, prefix: 'ready-peer' });
    expect(await issuing.evaluate({ instituteId, cohortId, userId })).toBe('queued');
    expect(queued.at(-1)).toMatchObject({
      name: 'certificates.issue',
      jobId: `certificate-issue:${cohortId}:${userId}`,
    });
  });

  it('should make exactly one certificate, one file row and one mail job when the same job runs six times at once', async () => {
    const [userId] = await addParticipants(sql, cohortId, 'race', 1);
    await makeEligible(sql, { cohortId, userId, actorId: trainerId, prefix: 'race-peer' });
    queued.length = 0;
    printed.length = 0;
    const outcomes = await Promise.all(Array.from({ length: 6 }, () => issuing.issue(request(userId))));
    expect(outcomes.filter((outcome) => outcome.outcome === 'issued')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome.outcome === 'already-issued')).toHaveLength(5);
    expect(new Set(outcomes.map((outcome) => outcome.certificateId)).size).toBe(1);
    const rows = await sql<{ id: string; version: number; serial: string }>(
      `SELECT id, version, serial FROM certificates WHERE user_id = $1`,
      [userId],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].serial).toMatch(/^NP-CEPT-\d{4}-\d{6}$/);
    expect(await sql(`SELECT 1 FROM certificate_files WHERE certificate_id = $1`, [rows[0].id])).toHaveLength(1);
    expect(queued.filter((job) => job.name === 'certificates.notify')).toEqual([
      {
        name: 'certificates.notify',
        payload: { instituteId, certificateId: rows[0].id },
        jobId: `certificate-notify:${instituteId}:${rows[0].id}`,
      },
    ]);
    // Every run that rendered printed the same certificate; the stored one carries the one credential made.
    expect(new Set(printed.map((entry) => entry.page.serial))).toEqual(new Set([rows[0].serial]));
    const [stored] = await sql<{ credential_json: string }>(
      `SELECT credential_json FROM certificate_files WHERE certificate_id = $1`,
      [rows[0].id],
    );
    expect(new Set(printed.map((entry) => entry.credentialJson))).toEqual(new Set([stored.credential_json]));
    // And a retry long after changes nothing.
    expect(await issuing.issue(request(userId))).toEqual({ outcome: 'already-issued', certificateId: rows[0].id });
    expect(await sql(`SELECT 1 FROM certificates WHERE user_id = $1`, [userId])).toHaveLength(1);
  });

  it('should number serials one after the other per institute, and refuse a second version 1 in the database', async () => {
    const people = await addParticipants(sql, cohortId, 'serial', 2);
    for (const [index, userId] of people.entries())
      await makeEligible(sql, { cohortId, userId, actorId: trainerId, prefix: `serial-peer-${index}` });
    for (const userId of people) await issuing.issue(request(userId));
    const serials = await sql<{ serial: string }>(
      `SELECT serial FROM certificates WHERE user_id = ANY($1::uuid[]) ORDER BY serial`,
      [people],
    );
    const numbers = serials.map((row) => Number(row.serial.slice(-6)));
    expect(numbers[1]).toBe(numbers[0] + 1);
    await expect(
      sql(
        `INSERT INTO certificates (institute_id, cohort_id, user_id, version, serial, verification_code, holder_name,
           course_version_id, course_title, language, hours, outcomes, started_on, completed_on, status_list_index, eligible_at)
         SELECT institute_id, cohort_id, user_id, 1, 'X-1', 'X-1', holder_name, course_version_id, course_title, language,
                hours, outcomes, started_on, completed_on, 999999, eligible_at
         FROM certificates WHERE user_id = $1`,
        [people[0]],
      ),
    ).rejects.toThrow(/UQ_certificates_cohort_user_version/);
  });
});
