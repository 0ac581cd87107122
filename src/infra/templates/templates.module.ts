import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Global, Module } from '@nestjs/common';
import { PageResponder } from '../../common/http/page-responder.js';
import { TemplateRenderer } from './template-renderer.js';

const MODULES_DIR = path.join(import.meta.dirname, '..', '..', 'modules');

/** Every feature's views/ folder, found once at start-up. */
function featureViewDirs(): string[] {
  return readdirSync(MODULES_DIR)
    .map((feature) => path.join(MODULES_DIR, feature, 'views'))
    .filter((dir) => existsSync(dir));
}

@Global()
@Module({
  providers: [{ provide: TemplateRenderer, useFactory: () => new TemplateRenderer(featureViewDirs()) }, PageResponder],
  exports: [TemplateRenderer, PageResponder],
})
export class TemplatesModule {}
