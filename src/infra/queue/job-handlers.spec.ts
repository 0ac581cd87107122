import { describe, expect, it } from '@jest/globals';
import { checkJobHandlers } from './job-handlers.js';

describe('checkJobHandlers', () => {
  it('should accept one handler per job', () => {
    expect(() =>
      checkJobHandlers([
        { handles: ['content.import'] },
        { handles: ['accounts.send-token-mail'] },
        { handles: ['quizzes.close-attempt'] },
        { handles: ['capstones.export-pdf'] },
        { handles: ['peer-review.allocate'] },
        { handles: ['certificates.evaluate', 'certificates.notify'] },
        { handles: ['certificates.issue', 'certificates.render', 'certificates.issue-trainer'] },
        { handles: ['notifications.scan', 'notifications.event', 'notifications.deliver'] },
        { handles: ['trainers.recertification'] },
      ]),
    ).not.toThrow();
  });

  it('should refuse to start when a job has no handler', () => {
    expect(() => checkJobHandlers([])).toThrow('jobs with no handler: content.import');
  });

  it('should refuse two handlers for one job', () => {
    expect(() => checkJobHandlers([{ handles: ['content.import'] }, { handles: ['content.import'] }])).toThrow(
      'jobs with more than one handler: content.import',
    );
  });
});
