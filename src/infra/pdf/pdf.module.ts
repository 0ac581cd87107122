import { Inject, Module, type OnModuleDestroy } from '@nestjs/common';
import { CONFIG, type AppConfig } from '../../config/config.js';
import { PdfRenderer } from './pdf-renderer.js';

/** The worker's PDF renderer: one Chromium for the process, closed with it. Never imported by the API. */
@Module({
  providers: [
    {
      provide: PdfRenderer,
      inject: [CONFIG],
      useFactory: (config: AppConfig) =>
        new PdfRenderer({ executablePath: config.CHROMIUM_PATH, tabs: 3, rendersPerTab: 100 }),
    },
  ],
  exports: [PdfRenderer],
})
export class PdfModule implements OnModuleDestroy {
  constructor(@Inject(PdfRenderer) private readonly renderer: PdfRenderer) {}

  async onModuleDestroy(): Promise<void> {
    await this.renderer.close();
  }
}
