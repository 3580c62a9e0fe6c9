import { Global, Inject, Logger, Module, type OnModuleInit } from '@nestjs/common';
import { join } from 'node:path';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { READINESS_CHECKS, type ReadinessCheck } from '../http/readiness';
import { DownloadTokenSigner } from './download-token';
import { FilesController } from './files.controller';
import { LocalDirectoryStorage } from './local-directory.storage';
import { OBJECT_STORAGE } from './object-storage.port';
import { S3ObjectStorage } from './s3-object.storage';
import { STORAGE_ADAPTER, type StorageAdapter } from './storage.tokens';

/** The adapter the configuration asks for: S3 / MinIO when `S3_ENDPOINT` is set, else `DATA_DIR/files`. */
export function createStorageAdapter(config: AppConfig, signer: DownloadTokenSigner): StorageAdapter {
  if (config.s3) return new S3ObjectStorage(config.s3);
  return new LocalDirectoryStorage({
    root: join(config.dataDir, 'files'),
    publicBaseUrl: config.publicBaseUrl,
    signer,
  });
}

/**
 * Provides `OBJECT_STORAGE` to every module, prepares the store at start-up (directory or bucket)
 * and adds `storage` to `GET /health/ready`.
 */
@Global()
@Module({
  controllers: [FilesController],
  providers: [
    {
      provide: DownloadTokenSigner,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new DownloadTokenSigner(config.jwt.accessSecret),
    },
    {
      provide: STORAGE_ADAPTER,
      inject: [APP_CONFIG, DownloadTokenSigner],
      useFactory: createStorageAdapter,
    },
    { provide: OBJECT_STORAGE, useExisting: STORAGE_ADAPTER },
  ],
  exports: [OBJECT_STORAGE],
})
export class StorageModule implements OnModuleInit {
  private readonly logger = new Logger('Storage');

  constructor(
    @Inject(STORAGE_ADAPTER) private readonly storage: StorageAdapter,
    @Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[],
  ) {}

  async onModuleInit(): Promise<void> {
    await this.storage.start();
    this.checks.push({ name: 'storage', check: () => this.storage.check() });
    if (this.storage instanceof S3ObjectStorage) {
      this.logger.log(`Object storage: S3 bucket "${this.storage.bucket}"`);
    } else if (this.storage instanceof LocalDirectoryStorage) {
      this.logger.log(`Object storage: local directory ${this.storage.root}`);
    }
  }
}
