import { Module } from '@nestjs/common';
import { ContentModule } from '../content/content.module.js';
import { AssetsController } from './assets.controller.js';
import { CatalogueApiController } from './catalogue-api.controller.js';
import { CataloguePagesController } from './catalogue-pages.controller.js';
import { CataloguePagesService } from './catalogue-pages.service.js';

@Module({
  imports: [ContentModule],
  controllers: [CataloguePagesController, CatalogueApiController, AssetsController],
  providers: [CataloguePagesService],
})
export class CatalogueModule {}
