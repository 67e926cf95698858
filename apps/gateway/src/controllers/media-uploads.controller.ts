import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Controller, Delete, Head, Inject, Param, Patch, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Metadata, Server, type Upload } from '@tus/server';
import { BRAND_TASKS, type MediaItem, MeshClient, PUBLISHING_TASKS, UploadMediaFieldsShape, actorReaches, roleAtLeast } from '@mt/messages';
import { BlobStore, MEDIA_CONFIG, type MediaConfig } from '@mt/runtime';
import { uuidParam } from '../http/actor';
import { Caller, callerOf } from '../http/caller';
import type { Request, Response } from '../http/fastify-request';
import { PROBLEM_CONTENT_TYPE, ProblemError } from '../http/problem';
import { ProblemFilter } from '../http/problem.filter';
import { parsedByShape } from '../http/validation';
import { BlobUploadStore } from '../services/blob-upload-store';
import { UPLOAD_FIELDS } from './media.controller';

/** Where uploads are created (the tus endpoint, under the API prefix). */
export const UPLOADS_PATH = '/api/v1/media/uploads';
/**
 * Where each upload lives once created (its tus upload URL, the answer's Location). Not under
 * /media/uploads/{id}: that path and /media/{id}/file would both match /media/uploads/file.
 */
export const UPLOAD_PATH = '/api/v1/uploads';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** What a client may say of its upload in Upload-Metadata (`filename` and `filetype` are what tus clients send by themselves). */
const METADATA_KEYS = new Set(['brandId', 'filename', 'filetype', 'name', 'type', 'altText', 'focus']);
/** The owner is the server's to write: a client's own `ownerId` is never taken. */
const OWNER = 'ownerId';

/** tus's own refusals (text/plain in the library), answered as problems with the code that fits their status. */
const CODE_OF_STATUS: Record<number, ProblemError['code']> = {
  400: 'VALIDATION_FAILED',
  403: 'VALIDATION_FAILED',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  410: 'NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
};

/**
 * Resumable uploads to the media library with the tus 1.0 protocol (ADR 188) — for a video on a
 * phone's connection that a single multipart POST would lose at 90 %. `POST /media/uploads`
 * (Upload-Length, Upload-Metadata with the brandId) answers 201 with the upload's Location,
 * `/uploads/{id}`: `PATCH` sends bytes from Upload-Offset, `HEAD` tells where to resume, `DELETE`
 * abandons it.
 * The last PATCH hands the file to publishing-agent exactly as a multipart upload does and
 * answers 200 with the medium. Every request needs the caller's token; an upload is the caller's
 * own (another user hears 404). The protocol is @tus/server's; the bytes go to the media blob
 * store, so any gateway replica resumes any upload.
 */
@ApiTags('media')
@ApiBearerAuth()
@Controller()
export class MediaUploadsController {
  private readonly store: BlobUploadStore;
  private readonly tus: Server;
  private readonly callers = new WeakMap<IncomingMessage, Caller>();
  private readonly problems = new ProblemFilter();

  constructor(
    private readonly mesh: MeshClient,
    @Inject(BlobStore) private readonly blobs: BlobStore,
    @Inject(MEDIA_CONFIG) media: MediaConfig,
  ) {
    this.store = new BlobUploadStore(blobs);
    this.tus = new Server({
      path: UPLOADS_PATH,
      datastore: this.store,
      maxSize: media.maxUploadBytes,
      generateUrl: (_req, { id }) => `${UPLOAD_PATH}/${id}`,
      namingFunction: () => randomUUID(),
      onUploadCreate: async (req, res, upload) => ({ res, metadata: { ...upload.metadata, [OWNER]: this.callerOf(req).actor.userId } }),
      onUploadFinish: (req, res, upload) => this.finish(req, res, upload),
      onResponseError: (req, res, err) => this.asProblem(req, res, err),
    });
  }

  @ApiOperation({ summary: 'Start a resumable upload (tus 1.0 creation; Upload-Metadata carries brandId, filename, altText, focus)' })
  @Post('media/uploads')
  @ApiHeader({ name: 'Tus-Resumable', required: true, description: '1.0.0' })
  @ApiHeader({ name: 'Upload-Length', required: false, description: 'the file size in bytes (or Upload-Defer-Length: 1)' })
  @ApiHeader({
    name: 'Upload-Metadata',
    required: true,
    description: 'comma-separated `key base64(value)` pairs: brandId (required), filename, altText, focus',
  })
  @ApiCreatedResponse({ description: 'Location: the upload; 404 for a brand you are not a member of, 403 below editor, 413 past MEDIA_MAX_UPLOAD_BYTES' })
  async create(@Caller() caller: Caller, @Req() req: Request, @Res() reply: Response): Promise<void> {
    const metadata = readMetadata(req.headers['upload-metadata']);
    await this.requireEditor(caller, metadata.brandId);
    await this.hand(req, reply);
  }

  @ApiOperation({ summary: 'Where a resumable upload stands (Upload-Offset, Upload-Length)' })
  @Head('uploads/:uploadId')
  @ApiOkResponse({ description: 'Upload-Offset: the bytes received' })
  @ApiNotFoundResponse({ description: 'an upload that is not yours, or none' })
  async status(@Req() req: Request, @Res() reply: Response, @Param('uploadId', uuidParam()) id: string): Promise<void> {
    await this.requireOwn(req, id);
    await this.hand(req, reply);
  }

  @ApiOperation({ summary: "Send a resumable upload's bytes from Upload-Offset (application/offset+octet-stream); the last answers with the medium" })
  @Patch('uploads/:uploadId')
  @ApiNoContentResponse({ description: 'the bytes are kept (Upload-Offset: the new offset); 409 when Upload-Offset is not where the upload stands' })
  @ApiOkResponse({ description: 'the last bytes: the medium, as POST /brands/{id}/media answers it' })
  async send(@Req() req: Request, @Res() reply: Response, @Param('uploadId', uuidParam()) id: string): Promise<void> {
    await this.requireOwn(req, id);
    await this.hand(req, reply);
  }

  @ApiOperation({ summary: 'Abandon a resumable upload (its bytes are deleted)' })
  @Delete('uploads/:uploadId')
  @ApiNoContentResponse()
  async abandon(@Req() req: Request, @Res() reply: Response, @Param('uploadId', uuidParam()) id: string): Promise<void> {
    await this.requireOwn(req, id);
    await this.hand(req, reply);
  }

  /** The request, checked, goes to the tus server, which answers on the Node.js response itself. */
  private async hand(req: Request, reply: Response): Promise<void> {
    this.callers.set(req.raw, callerOf(req));
    // The method is the route's: a method override could turn a checked HEAD into a DELETE.
    delete req.raw.headers['x-http-method-override'];
    // Headers set on the reply so far (request id, trace, CORS) are kept on the raw response.
    for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) reply.raw.setHeader(name, value as string);
    keepOwnCors(reply.raw);
    reply.hijack();
    await this.tus.handle(req.raw, reply.raw);
  }

  private callerOf(req: IncomingMessage): Caller {
    const caller = this.callers.get(req);
    if (!caller) throw new Error('a tus request reached the server without passing the controller');
    return caller;
  }

  private async requireEditor(caller: Caller, brandId: string): Promise<void> {
    const actor = caller.actor;
    // A brand-restricted personal access token reaches only its brands (ADR 117).
    const { role } = actorReaches(actor, brandId) ? await this.mesh.request(BRAND_TASKS.access, { userId: actor.userId, brandId }, caller) : { role: null };
    if (!role) throw new ProblemError('NOT_FOUND', 'No such brand');
    if (!roleAtLeast(role, 'editor')) throw new ProblemError('FORBIDDEN', `This needs the editor role on the brand; you are ${role}`);
  }

  /** Another user's upload, or none at all, is not found: an upload id reveals nothing. */
  private async requireOwn(req: Request, id: string): Promise<void> {
    const upload = await this.store.find(id);
    if (!upload || upload.metadata?.[OWNER] !== callerOf(req).actor.userId) throw new ProblemError('NOT_FOUND', 'No such upload');
  }

  /** Every byte is here: publishing-agent ingests the file as it does a multipart upload, and the upload's parts go. */
  private async finish(req: IncomingMessage, res: ServerResponse, upload: Upload) {
    const caller = this.callerOf(req);
    const meta = upload.metadata ?? {};
    const stagingKey = `staging/${randomUUID()}`;
    try {
      await this.blobs.put(stagingKey, await this.store.read(upload.id), 'application/octet-stream');
      const item: MediaItem = await this.mesh.request(
        PUBLISHING_TASKS.ingestMedia,
        {
          actor: caller.actor,
          brandId: meta.brandId as string,
          stagingKey,
          fileName: meta.filename ?? meta.name ?? '',
          ...uploadFields(meta),
        },
        caller,
      );
      return { res, status_code: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(item) };
    } catch (err) {
      const { problem } = this.problems.toProblem(err, { headers: req.headers, url: req.url ?? UPLOADS_PATH });
      res.setHeader('Content-Type', PROBLEM_CONTENT_TYPE);
      throw { status_code: problem.status, body: JSON.stringify(problem) };
    } finally {
      // Kept or refused, the upload is over: its parts are not kept twice.
      await this.store.remove(upload.id).catch(() => undefined);
    }
  }

  /** tus's own refusals (an offset that does not match, a size past the limit) as problems. */
  private asProblem(req: IncomingMessage, res: ServerResponse, err: Error | { status_code: number; body: string }) {
    if (res.getHeader('Content-Type') === PROBLEM_CONTENT_TYPE) return undefined; // already a problem (finish)
    const status = 'status_code' in err ? err.status_code : 500;
    const code = CODE_OF_STATUS[status] ?? 'INTERNAL';
    const detail = 'body' in err ? err.body.trim() : 'The upload could not be stored.';
    const { problem } = this.problems.toProblem(new ProblemError(code, detail, { status }), { headers: req.headers, url: req.url ?? UPLOADS_PATH });
    res.setHeader('Content-Type', PROBLEM_CONTENT_TYPE);
    return { status_code: problem.status, body: JSON.stringify(problem) };
  }
}

/** Upload-Metadata, checked: a brandId that is a UUID, known keys only, a well-formed focus. */
function readMetadata(header: string | string[] | undefined): { brandId: string } {
  let metadata: Record<string, string | null>;
  try {
    metadata = Metadata.parse(typeof header === 'string' ? header : undefined);
  } catch {
    throw new ProblemError('VALIDATION_FAILED', 'Upload-Metadata is not a list of `key base64(value)` pairs', {
      errors: [{ field: 'Upload-Metadata', message: 'is not a list of `key base64(value)` pairs' }],
    });
  }
  const unknown = Object.keys(metadata).filter((k) => !METADATA_KEYS.has(k));
  if (unknown.length > 0) {
    throw new ProblemError('VALIDATION_FAILED', `${unknown[0]} is not a field of an upload`, {
      errors: unknown.map((field) => ({ field, message: 'is not a field of an upload' })),
    });
  }
  const brandId = metadata.brandId;
  if (!brandId || !UUID.test(brandId)) {
    throw new ProblemError('VALIDATION_FAILED', 'Upload-Metadata must carry the brandId (a UUID)', {
      errors: [{ field: 'brandId', message: 'must be a UUID' }],
    });
  }
  uploadFields(metadata);
  return { brandId };
}

/** The upload's alt text and focus, checked by the shape of a multipart upload's fields (ADR 210); a key without a value is left out. */
function uploadFields(metadata: Record<string, string | null | undefined>) {
  return parsedByShape(
    UploadMediaFieldsShape,
    Object.fromEntries([...UPLOAD_FIELDS].filter((k) => typeof metadata[k] === 'string').map((k) => [k, metadata[k]])),
  );
}

/**
 * @tus/server writes `Access-Control-Allow-Origin` (`*` when no origin is configured) on every
 * answer; the gateway's own CORS policy (CORS_ORIGINS, set above on the reply) is the only one.
 */
function keepOwnCors(res: ServerResponse): void {
  const setHeader = res.setHeader.bind(res);
  res.setHeader = ((name: string, value: number | string | readonly string[]) =>
    /^access-control-/i.test(name) ? res : setHeader(name, value)) as ServerResponse['setHeader'];
}
