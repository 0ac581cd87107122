/** Every queue and job of Cascade. Payloads carry ids and names only, never whole records. */
export const QUEUES = [
  'content',
  'mail',
  'quizzes',
  'capstones',
  'peer-review',
  'certificates',
  'certificate-pdfs',
  'notifications',
  'trainers',
] as const;
export type QueueName = (typeof QUEUES)[number];

export interface JobPayloads {
  /** Import course folders from the content directory (all when `courseSlugs` is null). */
  'content.import': { courseSlugs: string[] | null };
  /**
   * Make a single-use link for a person and e-mail it. The token is made by the handler, so that it exists
   * only as a hash in PostgreSQL and in the mail, never in clear in Redis.
   */
  'accounts.send-token-mail': {
    userId: string;
    purpose: 'invitation' | 'password-reset';
    instituteId: string | null;
    role: 'participant' | 'trainer' | 'admin' | null;
  };
  /** Close and grade a quiz attempt that reached its deadline, whether or not its participant is still there. */
  'quizzes.close-attempt': { instituteId: string; attemptId: string };
  /** Render the PDF of a submitted action plan and store it (capstone_exports). */
  'capstones.export-pdf': { instituteId: string; submissionId: string };
  /** Allocate a cohort's peer reviews (at the capstone due date, and again for late submissions): only adds. */
  'peer-review.allocate': { instituteId: string; cohortId: string };
  /** Check a participant's completion after a grade changed; queues the certificate when they completed. */
  'certificates.evaluate': { instituteId: string; cohortId: string; userId: string };
  /** Issue a participant's certificate (once: job id and a unique constraint) and make its PDF and credential. */
  'certificates.issue': { instituteId: string; cohortId: string; userId: string; eligibleAt: string };
  /** Make the PDF and credential of an existing certificate version (a reissue); nothing when they exist. */
  'certificates.render': { instituteId: string; certificateId: string };
  /** The trainer certificate of one trainer_certifications row (a certification or a recertification). */
  'certificates.issue-trainer': { instituteId: string; certificationId: string };
  /** Tell the participant and the cohort's trainers that a certificate is ready. */
  'certificates.notify': { instituteId: string; certificateId: string };
  /** Find module unlocks, approaching deadlines and trainer digests due since the last scan (repeatable). */
  'notifications.scan': Record<string, never>;
  /** Record the notifications of something that happened (in-app rows, once each) and queue their mails. */
  'notifications.event':
    | { kind: 'review-received'; instituteId: string; allocationId: string }
    | { kind: 'grade-released'; instituteId: string; submissionId: string }
    | { kind: 'certificate-issued'; instituteId: string; certificateId: string };
  /** E-mail one notification (once: the row is locked and marked in the transaction that sends). */
  'notifications.deliver': { notificationId: string };
  /** A trainer certification's reminder (30 or 7 days before its date) or its lapse; nothing once superseded. */
  'trainers.recertification': { certificationId: string; kind: 'reminder-30' | 'reminder-7' | 'lapse' };
}
export type JobName = keyof JobPayloads;

export const JOB_QUEUES: { [Name in JobName]: QueueName } = {
  'content.import': 'content',
  'accounts.send-token-mail': 'mail',
  'quizzes.close-attempt': 'quizzes',
  'capstones.export-pdf': 'capstones',
  'peer-review.allocate': 'peer-review',
  'certificates.evaluate': 'certificates',
  'certificates.issue': 'certificate-pdfs',
  'certificates.render': 'certificate-pdfs',
  'certificates.issue-trainer': 'certificate-pdfs',
  'certificates.notify': 'certificates',
  'notifications.scan': 'notifications',
  'notifications.event': 'notifications',
  'notifications.deliver': 'notifications',
  'trainers.recertification': 'trainers',
};

export const JOB_NAMES = Object.keys(JOB_QUEUES) as JobName[];
