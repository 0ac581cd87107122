import { Global, Module } from '@nestjs/common';
import { CONFIG, type AppConfig } from '../../config/config.js';
import { FileStorage, LocalDiskStorage } from './file-storage.js';

/** File storage for uploads and generated documents; the local-disk backend under STORAGE_DIR. */
@Global()
@Module({
  providers: [
    {
      provide: FileStorage,
      inject: [CONFIG],
      useFactory: (config: AppConfig) => new LocalDiskStorage(config.STORAGE_DIR),
    },
  ],
  exports: [FileStorage],
})
export class StorageModule {}
