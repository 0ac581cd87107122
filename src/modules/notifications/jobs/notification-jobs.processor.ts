import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { CONFIG, type AppConfig } from '../../../config/config.js';
import type { JobHandler } from '../../../infra/queue/job-handlers.js';
import type { JobName, JobPayloads } from '../../../infra/queue/jobs.js';
import { NotificationDeliveryService } from '../notification-delivery.service.js';
import { NotificationEventsService } from '../notification-events.service.js';
import { NotificationScanService } from '../notification-scan.service.js';

type NotificationJob =
  | Job<JobPayloads['notifications.scan'], unknown, 'notifications.scan'>
  | Job<JobPayloads['notifications.event'], unknown, 'notifications.event'>
  | Job<JobPayloads['notifications.deliver'], unknown, 'notifications.deliver'>;

/** How often the worker scans schedules for unlocks, deadlines and digests. */
export const SCAN_EVERY_MS = 5 * 60_000;

/** Notifications in the worker: the periodic scan, event hooks, and one mail per notification. */
@Processor('notifications', { concurrency: 4 })
export class NotificationJobsProcessor extends WorkerHost implements JobHandler, OnApplicationBootstrap {
  readonly handles: readonly JobName[] = ['notifications.scan', 'notifications.event', 'notifications.deliver'];
  private readonly logger = new Logger(NotificationJobsProcessor.name);

  constructor(
    private readonly scans: NotificationScanService,
    private readonly events: NotificationEventsService,
    private readonly delivery: NotificationDeliveryService,
    @InjectQueue('notifications') private readonly queue: Queue,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  /** One scheduler per queue prefix, whatever the number of workers: BullMQ upserts it under a fixed id. */
  async onApplicationBootstrap(): Promise<void> {
    if (this.config.NODE_ENV === 'test') return; // tests run the scan themselves, at the instants they choose
    await this.queue.upsertJobScheduler(
      'notifications-scan',
      { every: SCAN_EVERY_MS },
      { name: 'notifications.scan', data: {}, opts: { attempts: 1, removeOnComplete: 100, removeOnFail: 100 } },
    );
  }

  async process(job: NotificationJob): Promise<unknown> {
    switch (job.name) {
      case 'notifications.scan':
        return this.scans.scan();
      case 'notifications.event':
        return { created: await this.events.record(job.data) };
      case 'notifications.deliver': {
        const outcome = await this.delivery.deliver(job.data.notificationId);
        if (outcome === 'missing') this.logger.warn(`notification ${job.data.notificationId} does not exist`);
        return { outcome };
      }
    }
  }
}
