import { Module } from '@nestjs/common';
import { InstitutesModule } from '../institutes/institutes.module.js';
import { CopyExchangeController } from './copy-exchange.controller.js';
import { CoursePackageController } from './course-package.controller.js';
import { LocalizationExchangeModule } from './localization-exchange.module.js';

/** The pages: a copy's translation files, upstream changes and package; /admin/packages for platform admins. */
@Module({
  imports: [LocalizationExchangeModule, InstitutesModule],
  controllers: [CopyExchangeController, CoursePackageController],
})
export class LocalizationExchangePagesModule {}
