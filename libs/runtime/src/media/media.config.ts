import path from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../config/runtime-config';
import { parseSettings } from '../mail/mail.config';

/** Where uploaded media live and how much a brand may keep, parsed once from `runtime.config.settings` (ADR 159). */
export interface MediaConfig {
  storage:
    | { kind: 'fs'; folder: string }
    | { kind: 's3'; endpoint?: string; region: string; bucket: string; accessKeyId?: string; secretAccessKey?: string; forcePathStyle: boolean };
  /** The largest single upload the gateway reads (413 past it). */
  maxUploadBytes: number;
  /** What one brand may store in all (413 MEDIA_QUOTA_EXCEEDED past it). */
  brandQuotaBytes: number;
  /** The ffprobe binary that reads a video's duration and codec. */
  ffprobePath: string;
  /** MEDIA_URL_SECRET: signs the public media URLs platforms fetch (Instagram, ADR 176); unset, none is served. */
  publicUrlSecret?: string;
}

const MB = 1024 * 1024;

const schema = z.object({
  MEDIA_STORAGE: z.enum(['fs', 's3']).default('fs'),
  MEDIA_DIR: z.string().optional(),
  MEDIA_S3_ENDPOINT: z.string().url().optional(),
  MEDIA_S3_REGION: z.string().default('us-east-1'),
  MEDIA_S3_BUCKET: z.string().optional(),
  MEDIA_S3_ACCESS_KEY_ID: z.string().optional(),
  MEDIA_S3_SECRET_ACCESS_KEY: z.string().optional(),
  MEDIA_S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).default('true'),
  MEDIA_MAX_UPLOAD_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(200 * MB),
  MEDIA_BRAND_QUOTA_BYTES: z.coerce
    .number()
    .int()
    .min(0)
    .default(2048 * MB),
  FFPROBE_PATH: z.string().default('ffprobe'),
  MEDIA_URL_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
});

export function loadMediaConfig(settings: Readonly<Record<string, string>>, dataDir: string): MediaConfig {
  const s = parseSettings(schema, settings);
  if (s.MEDIA_STORAGE === 's3' && !s.MEDIA_S3_BUCKET) throw new ConfigError('MEDIA_S3_BUCKET', 'is required when MEDIA_STORAGE=s3');
  return {
    storage:
      s.MEDIA_STORAGE === 's3'
        ? {
            kind: 's3',
            endpoint: s.MEDIA_S3_ENDPOINT,
            region: s.MEDIA_S3_REGION,
            bucket: s.MEDIA_S3_BUCKET as string,
            accessKeyId: s.MEDIA_S3_ACCESS_KEY_ID,
            secretAccessKey: s.MEDIA_S3_SECRET_ACCESS_KEY,
            forcePathStyle: s.MEDIA_S3_FORCE_PATH_STYLE === 'true',
          }
        : { kind: 'fs', folder: s.MEDIA_DIR ?? path.join(dataDir, 'media') },
    maxUploadBytes: s.MEDIA_MAX_UPLOAD_BYTES,
    brandQuotaBytes: s.MEDIA_BRAND_QUOTA_BYTES,
    ffprobePath: s.FFPROBE_PATH,
    publicUrlSecret: s.MEDIA_URL_SECRET,
  };
}
