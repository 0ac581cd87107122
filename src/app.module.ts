import { Module } from '@nestjs/common';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { QueueModule } from './infra/queue/queue.module.js';
import { RedisModule } from './infra/redis/redis.module.js';
import { StorageModule } from './infra/storage/storage.module.js';
import { TemplatesModule } from './infra/templates/templates.module.js';
import { AccountsModule } from './modules/accounts/accounts.module.js';
import { CapstoneGradingModule } from './modules/capstones/capstone-grading.module.js';
import { CapstonesModule } from './modules/capstones/capstones.module.js';
import { CatalogueModule } from './modules/catalogue/catalogue.module.js';
import { CohortsModule } from './modules/cohorts/cohorts.module.js';
import { ContentModule } from './modules/content/content.module.js';
import { DevMailboxModule } from './modules/dev-mailbox/dev-mailbox.module.js';
import { HealthModule } from './modules/health/health.module.js';
import { QuizzesModule } from './modules/quizzes/quizzes.module.js';
import { QuestionBankImportModule } from './modules/quizzes/question-bank-import.module.js';
import { CapstoneExportModule } from './modules/capstones/capstone-export.module.js';
import { PeerReviewModule } from './modules/peer-review/peer-review.module.js';
import { CertificatesModule } from './modules/certificates/certificates.module.js';
import { NotificationsModule } from './modules/notifications/notifications.module.js';
import { DashboardsModule } from './modules/dashboards/dashboards.module.js';
import { TrainersModule } from './modules/trainers/trainers.module.js';
import { LocalizationModule } from './modules/localization/localization.module.js';
import { LocalizationExchangePagesModule } from './modules/localization-exchange/localization-exchange-pages.module.js';

/** The API process. */
@Module({
  imports: [
    ConfigModule,
    DatabaseModule,
    QueueModule,
    RedisModule,
    TemplatesModule,
    StorageModule,
    AccountsModule,
    ContentModule,
    CatalogueModule,
    CohortsModule,
    QuizzesModule,
    QuestionBankImportModule,
    CapstonesModule,
    CapstoneExportModule,
    CapstoneGradingModule,
    PeerReviewModule,
    CertificatesModule,
    NotificationsModule,
    DashboardsModule,
    TrainersModule,
    LocalizationModule,
    LocalizationExchangePagesModule,
    HealthModule,
    DevMailboxModule,
  ],
})
export class AppModule {}
