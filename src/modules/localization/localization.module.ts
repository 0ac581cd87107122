import { Module } from '@nestjs/common';
import { ContentModule } from '../content/content.module.js';
import { InstitutesModule } from '../institutes/institutes.module.js';
import { CopyAdminController } from './copy-admin.controller.js';
import { CopyAdminService } from './copy-admin.service.js';
import { CopyPagesController } from './copy-pages.controller.js';
import { CopyPagesService } from './copy-pages.service.js';
import { CourseCopiesModule } from './course-copies.module.js';

/** Localized copies in the API process: the institute's public catalogue and the admin's copy editor. */
@Module({
  imports: [ContentModule, CourseCopiesModule, InstitutesModule],
  controllers: [CopyPagesController, CopyAdminController],
  providers: [CopyPagesService, CopyAdminService],
})
export class LocalizationModule {}
