import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createServer } from 'node:net';
import type { DataSource } from 'typeorm';
import { loadConfig, type AppConfig } from '../../src/config/config.js';
import { seedDemo } from '../../src/database/seeds/demo-seed.js';
import { CapturedMailsRepository } from '../../src/infra/mail/captured-mails.repository.js';
import { MailCaptureServer } from '../../src/infra/mail/mail-capture.server.js';
import { MailRenderer } from '../../src/infra/mail/mail-renderer.js';
import { MailerService, type OutgoingMail } from '../../src/infra/mail/mailer.service.js';
import type { JobQueue } from '../../src/infra/queue/job-queue.service.js';
import type { JobName } from '../../src/infra/queue/jobs.js';
import type { StoredSchedule } from '../../src/modules/cohorts/entities/cohort.entity.js';
import { NotificationDeliveryService } from '../../src/modules/notifications/notification-delivery.service.js';
import { NotificationEventsService } from '../../src/modules/notifications/notification-events.service.js';
import { NotificationScanService } from '../../src/modules/notifications/notification-scan.service.js';
import { NotificationsRepository } from '../../src/modules/notifications/notifications.repository.js';
import {
  cohortCapstone,
  cohortIdOf,
  insertSubmission,
  userIdOf,
  validPlan,
  type Sql,
} from '../support/capstone-fixtures.js';
import { addParticipants } from '../support/peer-review-fixtures.js';
import { createDatabaseWithCourses } from '../support/seeded-database.js';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('notifications in PostgreSQL through a real SMTP capture: once each, in the reader’s language', () => {
  let closeDatabase: () => Promise<void>;
  let dataSource: DataSource;
  let sql: Sql;
  let config: AppConfig;
  let capture: MailCaptureServer;
  let mailer: MailerService;
  let scans: NotificationScanService;
  let events: NotificationEventsService;
  let delivery: NotificationDeliveryService;
  /** Fails the next sends, as an SMTP server that is down would. */
  let failNextSends = 0;
  const queued: { name: JobName; payload: { notificationId: string }; jobId?: string }[] = [];
  let cohortId: string;
  let instituteId: string;
  let schedule: StoredSchedule;
  let bikash: string;
  let sunita: string;
  let trainer: string;

  const mailsTo = (email: string) =>
    sql<{ subject: string; text: string; html: string }>(
      `SELECT subject, text, html FROM captured_mails WHERE "to" = $1 ORDER BY received_at`,
      [email],
    );
  const rowsOf = (userId: string, kind: string) =>
    sql<{ id: string; dedupe_key: string; emailed_at: Date | null; email_skipped_at: Date | null }>(
      `SELECT id, dedupe_key, emailed_at, email_skipped_at FROM notifications WHERE user_id = $1 AND kind = $2`,
      [userId, kind],
    );

  /** Runs every queued delivery twice, the second time as two racing copies: a duplicated or retried job. */
  async function deliverAllTwice(): Promise<void> {
    const jobs = queued.splice(0).filter((job) => job.name === 'notifications.deliver');
    for (const job of jobs) await delivery.deliver(job.payload.notificationId);
    await Promise.all(
      jobs.flatMap((job) => [
        delivery.deliver(job.payload.notificationId),
        delivery.deliver(job.payload.notificationId),
      ]),
    );
  }

  beforeAll(async () => {
    ({ dataSource, close: closeDatabase } = await createDatabaseWithCourses());
    await seedDemo(dataSource);
    sql = (text, values) => dataSource.query(text, values);
    config = loadConfig({
      ...process.env,
      SMTP_URL: `smtp://127.0.0.1:${await freePort()}`,
      PUBLIC_URL: 'https://cascade.example.org',
    });
    capture = new MailCaptureServer(config, new CapturedMailsRepository(dataSource));
    await capture.onApplicationBootstrap();
    const smtp = new MailerService(config);
    mailer = smtp;
    const flakyMailer = {
      send: async (mail: OutgoingMail) => {
        if (failNextSends > 0) {
          failNextSends--;
          throw new Error('421 service not available');
        }
        await smtp.send(mail);
      },
    } as unknown as MailerService;
    const jobs = {
      enqueue: async (name: JobName, payload: { notificationId: string }, options: { jobId?: string } = {}) => {
        queued.push({ name, payload, jobId: options.jobId });
        return Promise.resolve();
      },
    } as unknown as JobQueue;
    const repository = new NotificationsRepository(dataSource);
    scans = new NotificationScanService(repository, jobs);
    events = new NotificationEventsService(repository, jobs);
    delivery = new NotificationDeliveryService(repository, flakyMailer, new MailRenderer(), config);

    cohortId = await cohortIdOf(sql, 'np-cept');
    [{ institute_id: instituteId, schedule }] = await sql<{ institute_id: string; schedule: StoredSchedule }>(
      `SELECT institute_id, schedule FROM cohorts WHERE id = $1`,
      [cohortId],
    );
    bikash = await userIdOf(sql, 'participant@np.demo.cascade.test');
    sunita = await userIdOf(sql, 'participant2@np.demo.cascade.test');
    trainer = await userIdOf(sql, 'trainer@np.demo.cascade.test');
    await sql(`UPDATE users SET preferred_language = 'fr' WHERE id = $1`, [sunita]);
  });

  afterAll(async () => {
    mailer?.onApplicationShutdown();
    await capture?.onApplicationShutdown();
    await closeDatabase();
  });

  beforeEach(async () => {
    // Each case scans at instants of its own choosing: forget where the previous one stopped.
    await sql(`DELETE FROM notification_scans`);
    queued.length = 0;
  });

  it('should tell each participant once that a module opened, in their language, even when scans overlap and jobs repeat', async () => {
    const unlock = schedule.moduleUnlocks[1];
    const opensAt = new Date(unlock.opensAt);
    const first = await scans.scan(new Date(opensAt.getTime() + 2 * MINUTE));
    expect(first.created).toBeGreaterThanOrEqual(2);
    // A second scan over the same instants (its progress reset, as after a crash before it was saved) adds nothing.
    await sql(`DELETE FROM notification_scans`);
    expect((await scans.scan(new Date(opensAt.getTime() + 4 * MINUTE))).created).toBe(0);
    await deliverAllTwice();

    const keys = (await rowsOf(bikash, 'module-unlocked')).map((row) => row.dedupe_key);
    expect(keys).toEqual([`module-unlocked:${cohortId}:${unlock.moduleId}:${bikash}`]);
    const english = await mailsTo('participant@np.demo.cascade.test');
    expect(english).toHaveLength(1);
    expect(english[0].subject).toMatch(/^Module open: /);
    expect(english[0].text).toContain('Hello Bikash Gurung,');
    expect(english[0].text).toContain(
      `https://cascade.example.org/i/np-cept/cohorts/${cohortId}/modules/${unlock.moduleId}`,
    );
    const french = await mailsTo('participant2@np.demo.cascade.test');
    expect(french).toHaveLength(1);
    expect(french[0].subject).toMatch(/^Module ouvert : /);
    expect(french[0].text).toContain('Bonjour Sunita');
    expect(french[0].html).toContain('<html lang="fr">');
    expect((await rowsOf(sunita, 'module-unlocked'))[0].emailed_at).not.toBeNull();
  });

  it('should keep the row but send no mail to someone who turned that kind of mail off', async () => {
    await sql(`INSERT INTO notification_preferences (user_id, kind, email) VALUES ($1, 'module-unlocked', false)`, [
      bikash,
    ]);
    const before = (await mailsTo('participant@np.demo.cascade.test')).length;
    const opensAt = new Date(schedule.moduleUnlocks[2].opensAt);
    await scans.scan(new Date(opensAt.getTime() + MINUTE));
    await deliverAllTwice();
    const rows = await rowsOf(bikash, 'module-unlocked');
    expect(rows).toHaveLength(2);
    const latest = rows.find((row) => row.dedupe_key.includes(schedule.moduleUnlocks[2].moduleId))!;
    expect(latest).toMatchObject({ emailed_at: null });
    expect(latest.email_skipped_at).not.toBeNull();
    expect(await mailsTo('participant@np.demo.cascade.test')).toHaveLength(before);
    // Sunita kept hers on.
    expect(await mailsTo('participant2@np.demo.cascade.test')).toHaveLength(2);
  });

  it('should remind 48 hours ahead only those who have not submitted their action plan', async () => {
    const [early] = await addParticipants(sql, cohortId, 'reminded', 1);
    await insertSubmission(sql, {
      cohortId,
      userId: early,
      content: validPlan(await cohortCapstone(sql, cohortId)),
    });
    const dueAt = new Date(schedule.capstoneDueAt);
    await scans.scan(new Date(dueAt.getTime() - 48 * HOUR + MINUTE));
    await scans.scan(new Date(dueAt.getTime() - 48 * HOUR + 2 * MINUTE));
    await deliverAllTwice();
    const capstoneRows = (await rowsOf(sunita, 'deadline-approaching')).filter((row) =>
      row.dedupe_key.startsWith('deadline:capstone:'),
    );
    expect(capstoneRows).toHaveLength(1);
    expect(
      (await rowsOf(early, 'deadline-approaching')).filter((row) => row.dedupe_key.startsWith('deadline:capstone:')),
    ).toEqual([]);
    const french = (await mailsTo('participant2@np.demo.cascade.test')).filter((mail) =>
      mail.subject.startsWith('Votre plan d’action'.replace('’', "'")),
    );
    expect(french).toHaveLength(1);
    expect(french[0].text).toContain('est dû le');
  });

  it('should send no digest when a trainer has nothing to hear, and one a day when they do', async () => {
    // The Dakar cohort: nothing submitted or flagged there by the cases above.
    const dakar = await cohortIdOf(sql, 'sn-ifpe');
    const [{ schedule: dakarSchedule }] = await sql<{ schedule: StoredSchedule }>(
      `SELECT schedule FROM cohorts WHERE id = $1`,
      [dakar],
    );
    const dakarTrainer = await userIdOf(sql, 'trainer@sn.demo.cascade.test');
    // Modules open at 08:00 local and the digest goes at 07:00 local, an hour before the day's unlock.
    const digestAt = (day: number) =>
      new Date(new Date(dakarSchedule.moduleUnlocks[0].opensAt).getTime() + day * 24 * HOUR - HOUR);
    // Day 1: one module open for less than a day, nothing submitted, nothing flagged: nothing to say.
    await scans.scan(new Date(digestAt(1).getTime() + MINUTE));
    expect(await rowsOf(dakarTrainer, 'trainer-digest')).toEqual([]);

    // Day 4: the first modules opened more than three days ago and nobody completed them; a plan waits.
    const [author] = await addParticipants(sql, dakar, 'digest', 1);
    await insertSubmission(sql, {
      cohortId: dakar,
      userId: author,
      content: validPlan(await cohortCapstone(sql, dakar)),
    });
    await scans.scan(new Date(digestAt(4).getTime() + MINUTE));
    await scans.scan(new Date(digestAt(4).getTime() + 3 * MINUTE));
    await deliverAllTwice();
    const rows = await rowsOf(dakarTrainer, 'trainer-digest');
    expect(rows).toHaveLength(1);
    expect(rows[0].dedupe_key).toMatch(new RegExp(`^digest:${dakarTrainer}:${dakar}:\\d{4}-\\d{2}-\\d{2}$`));
    const [{ payload }] = await sql<{ payload: { plansToGrade: number; behindCount: number } }>(
      `SELECT payload FROM notifications WHERE id = $1`,
      [rows[0].id],
    );
    expect(payload.plansToGrade).toBe(1);
    expect(payload.behindCount).toBeGreaterThanOrEqual(2);
    const digests = (await mailsTo('trainer@sn.demo.cascade.test')).filter((mail) =>
      /^(Your day in|Votre journée dans)/.test(mail.subject),
    );
    expect(digests).toHaveLength(1);
    expect(digests[0].text).toMatch(/1 action plan waits for your grade\.|1 plan d'action attend votre note\./);
    expect(digests[0].text).toMatch(/Peer digest 1: 1 module not completed|Peer digest 1 : 1 module non terminé/);
  });

  it('should tell a participant once that their grade is released, in French, whatever the repeats', async () => {
    const submissionId = await insertSubmission(sql, {
      cohortId,
      userId: sunita,
      content: validPlan(await cohortCapstone(sql, cohortId)),
    });
    await sql(
      `INSERT INTO capstone_grades (submission_id, institute_id, cohort_id, user_id, status, criteria, percent, graded_by, released_at, released_by)
       VALUES ($1, $2, $3, $4, 'final', '[]', 72.5, $5, now(), $5)`,
      [submissionId, instituteId, cohortId, sunita, trainer],
    );
    const event = { kind: 'grade-released' as const, instituteId, submissionId };
    expect(await events.record(event)).toBe(1);
    expect(await events.record(event)).toBe(0);
    await deliverAllTwice();
    const mails = (await mailsTo('participant2@np.demo.cascade.test')).filter((mail) =>
      mail.subject.includes('est noté'),
    );
    expect(mails).toHaveLength(1);
    expect(mails[0].text).toContain('72,5 %');
  });

  it('should tell an author once that a review arrived, and remind reviewers and quiz-takers before the end', async () => {
    const [author, reviewer] = await addParticipants(sql, cohortId, 'reviewed', 2);
    const submissionId = await insertSubmission(sql, {
      cohortId,
      userId: author,
      content: validPlan(await cohortCapstone(sql, cohortId)),
    });
    const allocation = async (reviewerId: string, submitted: boolean) => {
      const [{ id }] = await sql<{ id: string }>(
        `INSERT INTO peer_review_allocations (institute_id, cohort_id, submission_id, author_id, reviewer_id, status, round)
         VALUES ($1, $2, $3, $4, $5, $6, 1) RETURNING id`,
        [instituteId, cohortId, submissionId, author, reviewerId, submitted ? 'submitted' : 'assigned'],
      );
      if (submitted)
        await sql(
          `INSERT INTO peer_reviews (allocation_id, institute_id, criteria, submitted_at) VALUES ($1, $2, '[]', now())`,
          [id, instituteId],
        );
      return id;
    };
    const done = await allocation(reviewer, true);
    const pending = await allocation(sunita, false);
    expect(await events.record({ kind: 'review-received', instituteId, allocationId: done })).toBe(1);
    expect(await events.record({ kind: 'review-received', instituteId, allocationId: done })).toBe(0);
    // A review still in progress announces nothing.
    expect(await events.record({ kind: 'review-received', instituteId, allocationId: pending })).toBe(0);
    await deliverAllTwice();
    const authorMails = await mailsTo('reviewed-1@peer.test');
    expect(authorMails.map((mail) => mail.subject)).toEqual([
      expect.stringMatching(/^A peer review of your action plan/),
    ]);
    expect(authorMails[0].text).toContain(`/i/np-cept/cohorts/${cohortId}/peer-review/feedback`);

    // 48 hours before peer review closes (and the cohort ends, when quizzes close): Sunita has a review to write and
    // quizzes to take; the reviewer who submitted is not reminded of peer review.
    const endsAt = new Date(schedule.peerReviewDueAt);
    await scans.scan(new Date(endsAt.getTime() - 48 * HOUR + MINUTE));
    await deliverAllTwice();
    const items = async (userId: string) =>
      (await rowsOf(userId, 'deadline-approaching')).map((row) => row.dedupe_key.split(':')[1]).sort();
    expect(await items(sunita)).toEqual(expect.arrayContaining(['peer-review', 'quiz']));
    expect(await items(reviewer)).not.toContain('peer-review');
    const french = (await mailsTo('participant2@np.demo.cascade.test')).filter((mail) =>
      mail.subject.startsWith('Vos évaluations par les pairs sont bientôt dues'),
    );
    expect(french).toHaveLength(1);
  });

  it('should retry a mail the SMTP server refused, and send it once when the server is back', async () => {
    const [person] = await addParticipants(sql, cohortId, 'smtp', 1);
    const submissionId = await insertSubmission(sql, {
      cohortId,
      userId: person,
      content: validPlan(await cohortCapstone(sql, cohortId)),
    });
    await sql(
      `INSERT INTO capstone_grades (submission_id, institute_id, cohort_id, user_id, status, criteria, percent, graded_by, released_at, released_by)
       VALUES ($1, $2, $3, $4, 'final', '[]', 90, $5, now(), $5)`,
      [submissionId, instituteId, cohortId, person, trainer],
    );
    await events.record({ kind: 'grade-released', instituteId, submissionId });
    const [job] = queued.splice(0);
    failNextSends = 1;
    await expect(delivery.deliver(job.payload.notificationId)).rejects.toThrow('421');
    expect((await rowsOf(person, 'grade-released'))[0].emailed_at).toBeNull();
    expect(await delivery.deliver(job.payload.notificationId)).toBe('sent');
    expect(await delivery.deliver(job.payload.notificationId)).toBe('already-done');
    expect(await mailsTo('smtp-1@peer.test')).toHaveLength(1);
  });
});
