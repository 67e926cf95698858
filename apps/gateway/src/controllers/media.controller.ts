import { randomUUID } from 'node:crypto';
import {
  Body,
  Controller,
  createParamDecorator,
  Delete,
  type ExecutionContext,
  Get,
  HttpCode,
  Inject,
  Param,
  Patch,
  Post,
  Put,
  Query,
  Res,
  StreamableFile,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Request, Response, UploadedFileData } from '../http/fastify-request';
import {
  type AltTextSuggestion,
  CONTENT_TASKS,
  type ContentMedia,
  type MediaItem,
  MeshClient,
  type Page,
  PUBLISHING_TASKS,
  UploadMediaFieldsShape,
} from '@mt/messages';
import { BlobStore } from '@mt/runtime';
import {
  AltTextSuggestionDto,
  AttachMediaDto,
  ListBrandMediaQuery,
  ListMediaQuery,
  MediaDto,
  SuggestAltTextDto,
  UpdateMediaDto,
  UploadBrandMediaDto,
  UploadMediaDto,
} from '../dtos/media.dto';
import { toPageQuery } from '../dtos/pagination.dto';
import { uuidParam } from '../http/actor';
import { Caller } from '../http/caller';
import { AiRoute } from '../http/current-user';
import { MultipartFileInterceptor } from '../http/multipart.interceptor';
import { ProblemError } from '../http/problem';
import { parsedByShape } from '../http/validation';

/** The upload's `file` field, read in memory (at most MEDIA_MAX_UPLOAD_BYTES) by MultipartFileInterceptor. */
const UploadedFile = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): UploadedFileData | undefined => ctx.switchToHttp().getRequest<Request>().uploadedFile,
);

/** The text fields an upload may carry beside its file: the shape's keys (ADR 210). */
export const UPLOAD_FIELDS: ReadonlySet<string> = new Set(Object.keys(UploadMediaFieldsShape.shape));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A brand's media library (publishing-agent, ADR 159). The gateway stays thin: it puts the
 * uploaded bytes in the blob store under a staging key and hands the key to the agent, which
 * reads the type from the bytes, normalises, checks the quota and keeps (or refuses) the file.
 */
@ApiTags('media')
@ApiBearerAuth()
@Controller()
export class MediaController {
  constructor(
    private readonly mesh: MeshClient,
    @Inject(BlobStore) private readonly blobs: BlobStore,
  ) {}

  @ApiOperation({ summary: "Upload an image or a video to the brand's media library (multipart/form-data)" })
  @Post('brands/:id/media')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: UploadMediaDto })
  @UseInterceptors(MultipartFileInterceptor)
  @ApiCreatedResponse({
    type: MediaDto,
    description: 'kept; 400 MEDIA_TYPE_NOT_ALLOWED when the bytes are no allowed image or video type, 413 past the upload size or the brand quota',
  })
  upload(
    @Caller() caller: Caller,
    @Param('id', uuidParam()) brandId: string,
    @UploadedFile() file: UploadedFileData | undefined,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<MediaItem> {
    return this.ingest(caller, brandId, file, body ?? {});
  }

  @ApiOperation({ summary: "Upload an image or a video to a brand's media library, the brand named in the form or the query" })
  @Post('media')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: UploadBrandMediaDto })
  @ApiQuery({ name: 'brandId', required: false, description: 'the brand, when the form has no brandId field' })
  @UseInterceptors(MultipartFileInterceptor)
  @ApiCreatedResponse({
    type: MediaDto,
    description: 'as POST /brands/{id}/media; 400 VALIDATION_FAILED when no brandId (form field or query) names a brand, or the two differ',
  })
  uploadToBrand(
    @Caller() caller: Caller,
    @UploadedFile() file: UploadedFileData | undefined,
    @Body() body: Record<string, unknown> | undefined,
    @Query('brandId') queryBrandId: unknown,
  ): Promise<MediaItem> {
    const { brandId: formBrandId, ...fields } = body ?? {};
    const given = [formBrandId, queryBrandId].filter((v) => v !== undefined && v !== '');
    const brandId = given[0];
    if (typeof brandId !== 'string' || !UUID.test(brandId) || given.some((v) => v !== brandId)) {
      const message = given.length > 1 ? 'the form field and the query name different brands' : 'must be the uuid of a brand, as a form field or in the query';
      throw new ProblemError('VALIDATION_FAILED', `brandId ${message}`, { errors: [{ field: 'brandId', message }] });
    }
    return this.ingest(caller, brandId, file, fields);
  }

  /** The uploaded bytes go to the blob store under a staging key; the agent keeps or refuses them. */
  private async ingest(caller: Caller, brandId: string, file: UploadedFileData | undefined, fields: Record<string, unknown>): Promise<MediaItem> {
    const unknown = Object.keys(fields).filter((k) => !UPLOAD_FIELDS.has(k));
    if (unknown.length > 0) {
      throw new ProblemError('VALIDATION_FAILED', `${unknown[0]} is not a field of an upload`, {
        errors: unknown.map((field) => ({ field, message: 'is not a field of an upload' })),
      });
    }
    // Checked as a JSON body is, with publishing-agent's words, before any byte is staged.
    const { altText, focus } = parsedByShape(UploadMediaFieldsShape, fields);
    // No file: the agent checks the caller's role before it refuses, so a stranger learns nothing of the brand.
    const stagingKey = file && file.size > 0 ? `staging/${randomUUID()}` : null;
    if (stagingKey && file) await this.blobs.put(stagingKey, file.buffer, 'application/octet-stream');
    return this.mesh.request(
      PUBLISHING_TASKS.ingestMedia,
      { actor: caller.actor, brandId, stagingKey, fileName: file?.originalname ?? '', altText, focus },
      caller,
    );
  }

  @ApiOperation({ summary: "The brand's media library, newest first" })
  @Get('brands/:id/media')
  @ApiOkResponse({ description: '{ items: Media[], nextCursor, usedBytes, quotaBytes }' })
  list(@Caller() caller: Caller, @Param('id', uuidParam()) brandId: string, @Query() q: ListMediaQuery): Promise<Page<MediaItem>> {
    return this.mesh.request(PUBLISHING_TASKS.listMedia, { actor: caller.actor, brandId, ...toPageQuery(q), type: q.type }, caller);
  }

  @ApiOperation({ summary: "A brand's media library, newest first (the brand named in the query)" })
  @Get('media')
  @ApiOkResponse({ description: '{ items: Media[], nextCursor, usedBytes, quotaBytes }' })
  listOfBrand(@Caller() caller: Caller, @Query() q: ListBrandMediaQuery): Promise<Page<MediaItem>> {
    return this.list(caller, q.brandId, q);
  }

  @ApiOperation({ summary: 'One medium' })
  @Get('media/:id')
  @ApiOkResponse({ type: MediaDto })
  async get(@Caller() caller: Caller, @Param('id', uuidParam()) id: string): Promise<MediaItem> {
    const { storageKey: _key, ...item } = await this.mesh.request(PUBLISHING_TASKS.getMedia, { actor: caller.actor, mediaId: id }, caller);
    return item;
  }

  @ApiOperation({ summary: "A medium's bytes (as stored: normalised images, videos as uploaded)" })
  @Get('media/:id/file')
  @ApiProduces('image/*', 'video/*')
  @ApiOkResponse({ description: 'the bytes, with their detected Content-Type' })
  async file(@Caller() caller: Caller, @Param('id', uuidParam()) id: string, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const item = await this.mesh.request(PUBLISHING_TASKS.getMedia, { actor: caller.actor, mediaId: id }, caller);
    const bytes = await this.blobs.get(item.storageKey);
    if (!bytes) throw new ProblemError('NOT_FOUND', "The medium's bytes are missing from the media store");
    res.header('X-Content-Type-Options', 'nosniff');
    res.header('Cache-Control', 'private, max-age=3600');
    return new StreamableFile(bytes, { type: item.mimeType, length: bytes.length, disposition: `inline; filename="${item.id}"` });
  }

  @ApiOperation({ summary: "Change a medium's alt text or focal point" })
  @Patch('media/:id')
  @ApiOkResponse({ type: MediaDto })
  update(@Caller() caller: Caller, @Param('id', uuidParam()) id: string, @Body() dto: UpdateMediaDto): Promise<MediaItem> {
    return this.mesh.request(PUBLISHING_TASKS.updateMedia, { actor: caller.actor, mediaId: id, altText: dto.altText, focus: dto.focus }, caller);
  }

  @ApiOperation({
    summary: 'A draft alt text for an image, from the AI task set; not saved',
    description:
      "Editors of the medium's brand. The draft keeps within the named platform's alt-text limit (left out: the strictest platform's). Nothing is stored: the user edits the draft and saves it with PATCH /media/{id}.",
  })
  @Post('media/:id/alt-text-suggestion')
  @AiRoute()
  @HttpCode(200)
  @ApiOkResponse({ type: AltTextSuggestionDto })
  @ApiUnprocessableEntityResponse({ description: 'NOT_AN_IMAGE for a video' })
  async suggestAltText(@Caller() caller: Caller, @Param('id', uuidParam()) id: string, @Body() dto: SuggestAltTextDto): Promise<AltTextSuggestion> {
    const item = await this.mesh.request(PUBLISHING_TASKS.getMedia, { actor: caller.actor, mediaId: id }, caller);
    return this.mesh.request(
      CONTENT_TASKS.suggestAltText,
      {
        actor: caller.actor,
        brandId: item.brandId,
        image: { fileName: item.fileName, mimeType: item.mimeType, width: item.width, height: item.height },
        storageKey: item.storageKey,
        ...(dto.platform ? { platform: dto.platform } : {}),
        ...(dto.text ? { text: dto.text } : {}),
      },
      caller,
    );
  }

  @ApiOperation({ summary: 'Delete a medium (409 MEDIA_IN_USE while a scheduled or queued post carries it)' })
  @Delete('media/:id')
  @HttpCode(204)
  @ApiNoContentResponse()
  async remove(@Caller() caller: Caller, @Param('id', uuidParam()) id: string): Promise<void> {
    await this.mesh.request(PUBLISHING_TASKS.deleteMedia, { actor: caller.actor, mediaId: id }, caller);
  }

  @ApiOperation({ summary: "Set the media a post carries, checked against its platform's limits (422 MEDIA_NOT_ALLOWED in the platform's words)" })
  @Put('content/:id/media')
  @ApiOkResponse({ description: '{ contentId, mediaIds, media: Media[] }' })
  attach(@Caller() caller: Caller, @Param('id', uuidParam()) id: string, @Body() dto: AttachMediaDto): Promise<ContentMedia> {
    return this.mesh.request(PUBLISHING_TASKS.attachMedia, { actor: caller.actor, contentId: id, mediaIds: dto.mediaIds }, caller);
  }

  @ApiOperation({ summary: 'The media a post carries, in order' })
  @Get('content/:id/media')
  @ApiOkResponse({ description: '{ contentId, mediaIds, media: Media[] }' })
  ofContent(@Caller() caller: Caller, @Param('id', uuidParam()) id: string): Promise<ContentMedia> {
    return this.mesh.request(PUBLISHING_TASKS.contentMedia, { actor: caller.actor, contentId: id }, caller);
  }
}
