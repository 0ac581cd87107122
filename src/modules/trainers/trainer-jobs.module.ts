import { Module } from '@nestjs/common';
import { MailModule } from '../../infra/mail/mail.module.js';
import { AuditModule } from '../audit/audit.module.js';
import { TrainerRecertificationProcessor } from './jobs/trainer-recertification.processor.js';
import { TrainerRecertificationService } from './trainer-recertification.service.js';
import { TrainersRepository } from './trainers.repository.js';

/** Recertification reminders and lapses in the worker. */
@Module({
  imports: [MailModule, AuditModule],
  providers: [TrainersRepository, TrainerRecertificationService, TrainerRecertificationProcessor],
  exports: [TrainerRecertificationProcessor],
})
export class TrainerJobsModule {}
