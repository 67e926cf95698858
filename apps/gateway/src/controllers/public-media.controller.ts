import { Controller, Get, Header, Inject, Param, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from '../http/fastify-request';
import { asJpeg, BlobStore, isJpeg, MEDIA_CONFIG, type MediaConfig, verifyPublicMedia } from '@mt/runtime';
import { Public } from '../http/current-user';
import { ProblemError } from '../http/problem';

/** A storage key's segment as the media library makes them (brand id, file id). */
const SEGMENT = /^[A-Za-z0-9_-]{1,100}$/;

/**
 * One medium's bytes at a signed URL, for platforms that fetch media themselves (Instagram,
 * ADR 176): public (no session, no Authorization header), answered only while the signature made
 * with MEDIA_URL_SECRET over this key, type and expiry holds. Anything else is the same 404, so
 * the route tells a stranger nothing about what exists.
 *
 * The signed type is the type served. An image signed as `image/jpeg` but kept in another type (a
 * PNG or WebP sent to Instagram, which takes only JPEG) is re-encoded on the way out (ADR 187): the
 * signature decides the conversion, so nobody else can ask for one, and the library keeps the
 * original.
 */
@ApiTags('media')
@Public()
@Controller('public-media')
export class PublicMediaController {
  constructor(
    @Inject(BlobStore) private readonly blobs: BlobStore,
    @Inject(MEDIA_CONFIG) private readonly config: MediaConfig,
  ) {}

  @ApiOperation({ summary: 'One medium at a signed, expiring URL, without a session (for platforms that fetch media, ADR 176)' })
  @Get(':owner/:file')
  @ApiQuery({ name: 'type', description: 'the signed Content-Type' })
  @ApiQuery({ name: 'expires', description: 'Unix seconds; past it the URL answers 404' })
  @ApiQuery({ name: 'signature', description: 'HMAC-SHA256 (MEDIA_URL_SECRET) of the key, type and expiry, base64url' })
  @ApiProduces('image/*', 'video/*')
  @ApiOkResponse({ description: 'the bytes, with the signed Content-Type (an image signed as JPEG and kept as PNG or WebP is re-encoded)' })
  @ApiNotFoundResponse({ description: 'any other key, type or expiry, an expired or altered signature, or no MEDIA_URL_SECRET' })
  @Header('X-Content-Type-Options', 'nosniff')
  @Header('Cache-Control', 'private, max-age=600')
  @Header('Referrer-Policy', 'no-referrer')
  async file(
    @Param('owner') owner: string,
    @Param('file') file: string,
    @Query() q: Record<string, unknown>,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const secret = this.config.publicUrlSecret;
    const storageKey = `${owner}/${file}`;
    const type = q.type;
    if (
      !secret ||
      !SEGMENT.test(owner) ||
      !SEGMENT.test(file) ||
      typeof type !== 'string' ||
      !/^(image|video)\/[a-z0-9.+-]+$/.test(type) ||
      !verifyPublicMedia(secret, { storageKey, type, expires: q.expires, signature: q.signature })
    )
      throw gone();
    const stored = await this.blobs.get(storageKey);
    if (!stored) throw gone();
    const bytes = type === 'image/jpeg' && !isJpeg(stored) ? await asJpeg(stored).catch(() => null) : stored;
    if (!bytes) throw gone();
    res.header('Content-Security-Policy', "default-src 'none'; sandbox");
    return new StreamableFile(bytes, { type, length: bytes.length, disposition: 'inline' });
  }
}

const gone = () => new ProblemError('NOT_FOUND', 'No such medium, or the link has expired');
