import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { seedDemo } from '../../src/database/seeds/demo-seed.js';
import { CertificateCredentialsService } from '../../src/modules/certificates/certificate-credentials.service.js';
import { CertificateIssuingService } from '../../src/modules/certificates/certificate-issuing.service.js';
import { CertificateVerificationService } from '../../src/modules/certificates/certificate-verification.service.js';
import { CertificatesRepository } from '../../src/modules/certificates/certificates.repository.js';
import { verificationCodeFrom } from '../../src/modules/certificates/domain/certificate-identifiers.js';
import { cohortIdOf, userIdOf, type Sql } from '../support/capstone-fixtures.js';
import { certificateServices, type CertificateServices } from '../support/certificate-services.js';
import { createDatabaseWithCourses } from '../support/seeded-database.js';

const COURSE = 'epm-resources';

describe('trainer certificates in PostgreSQL: one per certification, whatever the races', () => {
  let closeDatabase: () => Promise<void>;
  let dataSource: DataSource;
  let sql: Sql;
  let storageDir: string;
  let issuing: CertificateIssuingService;
  let repository: CertificatesRepository;
  let credentials: CertificateCredentialsService;
  let instituteId: string;
  let cohortId: string;
  let holderId: string;
  let masterId: string;
  let queued: CertificateServices['queued'];
  let printed: CertificateServices['printed'];

  beforeAll(async () => {
    ({ dataSource, close: closeDatabase } = await createDatabaseWithCourses());
    await seedDemo(dataSource);
    sql = (text, values) => dataSource.query(text, values);
    storageDir = await mkdtemp(path.join(os.tmpdir(), 'cascade-trainer-certificates-'));
    ({ issuing, repository, credentials, queued, printed } = certificateServices(dataSource, storageDir));
    cohortId = await cohortIdOf(sql, 'np-cept');
    [{ institute_id: instituteId }] = await sql<{ institute_id: string }>(
      `SELECT institute_id FROM cohorts WHERE id = $1`,
      [cohortId],
    );
    holderId = await userIdOf(sql, 'participant@np.demo.cascade.test');
    masterId = await userIdOf(sql, 'trainer@np.demo.cascade.test');
    await sql(`UPDATE users SET preferred_language = 'fr' WHERE id = $1`, [holderId]);
  });

  afterAll(async () => {
    await closeDatabase();
    await rm(storageDir, { recursive: true, force: true });
  });

  async function certify(kind: 'certification' | 'recertification', validUntil: string): Promise<string> {
    const [row] = await sql<{ id: string }>(
      `INSERT INTO trainer_certifications (institute_id, user_id, course_id, kind, certified_by, valid_until)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [instituteId, holderId, COURSE, kind, masterId, validUntil],
    );
    return row.id;
  }

  let firstId: string;
  let firstCertificateId: string;

  it('should make exactly one trainer certificate and one file row when the job runs six times at once', async () => {
    firstId = await certify('certification', '2099-06-30');
    const outcomes = await Promise.all(
      Array.from({ length: 6 }, () => issuing.issueTrainer({ instituteId, certificationId: firstId })),
    );
    expect(outcomes.filter((outcome) => outcome.outcome === 'issued')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome.outcome === 'already-issued')).toHaveLength(5);
    const rows = await sql<{ id: string; kind: string; cohort_id: string | null; valid_until: string }>(
      `SELECT id, kind, cohort_id, to_char(valid_until, 'YYYY-MM-DD') AS valid_until FROM certificates
       WHERE trainer_certification_id = $1`,
      [firstId],
    );
    expect(rows).toEqual([
      { id: outcomes[0].certificateId, kind: 'trainer', cohort_id: null, valid_until: '2099-06-30' },
    ]);
    firstCertificateId = rows[0].id;
    const [{ serial }] = await sql<{ serial: string }>(`SELECT serial FROM certificates WHERE id = $1`, [rows[0].id]);
    expect(serial).toMatch(/^NP-CEPT-TR-\d{4}-000001$/);
    expect(await sql(`SELECT 1 FROM certificate_files WHERE certificate_id = $1`, [rows[0].id])).toHaveLength(1);
    // No cohort mail for a trainer certificate; the PDF is the trainer template, in the holder's language (fr).
    expect(queued.filter((job) => job.name === 'certificates.notify')).toEqual([]);
    const page = printed.at(-1)!.page;
    expect(page.template).toBe('trainer');
    expect(page.labels.title).toBe('Formateur national certifié');
    expect(page.trainer?.certifierLine).toContain('Gita Thapa');
    expect(page.trainer?.validLine).toContain('2099');
  });

  it('should refuse a second row for the same certification at the database (unique constraint)', async () => {
    await expect(
      sql(
        `INSERT INTO certificates (institute_id, kind, trainer_certification_id, valid_until, user_id, version, serial,
           verification_code, holder_name, course_version_id, course_title, language, hours, outcomes, started_on,
           completed_on, status_list_index, eligible_at)
         SELECT institute_id, kind, trainer_certification_id, valid_until, user_id, version, serial || 'X',
           verification_code || 'X', holder_name, course_version_id, course_title, language, hours, outcomes,
           started_on, completed_on, status_list_index + 100000, eligible_at FROM certificates WHERE id = $1`,
        [firstCertificateId],
      ),
    ).rejects.toThrow(/UQ_certificates_trainer_certification_version/);
  });

  it('should sign a credential of its own achievement that verifies, and expires after the recertification date', async () => {
    const json = await repository.findCredentialJson(instituteId, firstCertificateId);
    const credential = JSON.parse(json!) as {
      validUntil: string;
      credentialSubject: { achievement: { achievementType: string; name: string; criteria: { narrative: string } } };
    };
    expect(credential.validUntil).toBe('2099-06-30T23:59:59Z');
    expect(credential.credentialSubject.achievement.achievementType).toBe('Certification');
    expect(credential.credentialSubject.achievement.name).toMatch(/^Certified national trainer — /);
    expect(credential.credentialSubject.achievement.criteria.narrative).toMatch(/teach-back/);
    expect(credential.credentialSubject.achievement.criteria.narrative).toMatch(/calibration/);
    expect((await credentials.verify(credential)).verdict).toBe('valid');
    expect((await credentials.verify(credential, new Date('2099-07-02T00:00:00Z'))).verdict).toBe('expired');
  });

  it('should issue a new certificate for a recertification and leave the first one standing', async () => {
    const secondId = await certify('recertification', '2101-06-30');
    const outcome = await issuing.issueTrainer({ instituteId, certificationId: secondId });
    expect(outcome.outcome).toBe('issued');
    expect(outcome.certificateId).not.toBe(firstCertificateId);
    const mine = await repository.listTrainerCertificates(holderId, COURSE);
    expect(mine.map((certificate) => certificate.trainer?.validUntil)).toEqual(['2101-06-30', '2099-06-30']);
    expect(mine.every((certificate) => certificate.revocation === null)).toBe(true);
  });

  it('should keep trainer certificates out of the cohort lists and the course-certificate rule', async () => {
    expect(await repository.listCohortLatest(instituteId, cohortId)).toEqual([]);
    expect(await repository.listVersions(instituteId, cohortId, holderId)).toEqual([]);
    expect(await repository.holdsValidCertificate(holderId, COURSE)).toBe(false);
  });

  it('should show the verify page valid with the trainer role, then expired once the recertification date has passed', async () => {
    const verification = new CertificateVerificationService(repository);
    const [current] = await repository.listTrainerCertificates(holderId, COURSE);
    const shown = await verification.byCode(current.verificationCode, 'en');
    expect(shown).toMatchObject({
      status: 'valid',
      valid: true,
      expired: false,
      trainer: { certifierName: 'Gita Thapa' },
    });
    // A certification whose date is already past (as its certificate will be, one day): written as the worker would.
    const pastId = await certify('certification', '2020-01-31');
    const past = await repository.transaction(async (manager) =>
      repository.insertCertificate(
        manager,
        {
          instituteId,
          instituteSlug: 'np-cept',
          cohortId: null,
          userId: holderId,
          holderName: 'Bikash Gurung',
          courseVersionId: current.courseVersionId,
          courseTitle: current.courseTitle,
          language: 'en',
          hours: 0,
          outcomes: [],
          startedOn: '2019-02-01',
          eligibleAt: new Date('2019-02-01T10:00:00Z'),
          timeZone: 'UTC',
          verificationCode: verificationCodeFrom(randomBytes(10)),
          issuedBy: null,
          reason: null,
          trainer: { certificationId: pastId, validUntil: '2020-01-31', certifierName: 'Gita Thapa' },
        },
        1,
        null,
      ),
    );
    const expired = await verification.byCode(past.verificationCode, 'en');
    expect(expired).toMatchObject({ status: 'expired', valid: false, expired: true, revoked: false });
    expect(expired.trainer?.validUntil).toBe('31 January 2020');
  });

  it('should issue nothing for a master-trainer appointment', async () => {
    const [row] = await sql<{ id: string }>(
      `INSERT INTO trainer_certifications (institute_id, user_id, course_id, kind, certified_by, valid_until)
       VALUES ($1, $2, $3, 'master-appointment', NULL, '2100-01-01') RETURNING id`,
      [instituteId, masterId, COURSE],
    );
    expect(await issuing.issueTrainer({ instituteId, certificationId: row.id })).toEqual({ outcome: 'not-eligible' });
    expect(await sql(`SELECT 1 FROM certificates WHERE trainer_certification_id = $1`, [row.id])).toEqual([]);
  });
});
