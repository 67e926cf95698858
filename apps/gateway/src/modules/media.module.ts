import { Module } from '@nestjs/common';
import { BlobStore, createBlobStore, loadMediaConfig, MEDIA_CONFIG, type MediaConfig, RUNTIME, type Runtime } from '@mt/runtime';
import { MediaController } from '../controllers/media.controller';
import { MediaUploadsController } from '../controllers/media-uploads.controller';
import { PublicMediaController } from '../controllers/public-media.controller';

/**
 * Routes: the media library and the media a post carries (publishing-agent, ADR 159); uploads are
 * read in memory up to MEDIA_MAX_UPLOAD_BYTES (MultipartFileInterceptor), or resumed piece by piece
 * with the tus protocol at /media/uploads (ADR 188); one medium at a signed public URL for the
 * platforms that fetch media themselves (PublicMediaController, ADR 176).
 */
@Module({
  controllers: [MediaController, MediaUploadsController, PublicMediaController],
  providers: [
    { provide: MEDIA_CONFIG, inject: [RUNTIME], useFactory: (runtime: Runtime) => loadMediaConfig(runtime.config.settings, runtime.config.dataDir) },
    { provide: BlobStore, inject: [MEDIA_CONFIG], useFactory: (config: MediaConfig) => createBlobStore(config) },
  ],
})
export class MediaHttpModule {}
