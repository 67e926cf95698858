import {
  BadRequestException,
  HttpException,
  type CallHandler,
  type ExecutionContext,
  Inject,
  Injectable,
  type NestInterceptor,
  PayloadTooLargeException,
} from '@nestjs/common';
import type { Observable } from 'rxjs';
import { MEDIA_CONFIG, type MediaConfig } from '@mt/runtime';
import type { Request } from './fastify-request';

/** The one file field of an upload and the fields beside it (ADR 159). */
const FILE_FIELD = 'file';
const LIMITS = { files: 1, fields: 2, fieldSize: 20_000 };

/** @fastify/multipart's limit errors, answered as multer's were (Nest's FileInterceptor: 413 for the size, 400 for the rest). */
const LIMIT_MESSAGES: Record<string, string> = {
  FST_FILES_LIMIT: 'Too many files',
  FST_FIELDS_LIMIT: 'Too many fields',
  FST_PARTS_LIMIT: 'Too many parts',
};

/**
 * Reads a multipart/form-data upload (@fastify/multipart, ADR 165; multer before): the `file`
 * field into memory as `request.uploadedFile`, at most MEDIA_MAX_UPLOAD_BYTES, and the text
 * fields as the body. Another body (no multipart) passes through untouched.
 */
@Injectable()
export class MultipartFileInterceptor implements NestInterceptor {
  constructor(@Inject(MEDIA_CONFIG) private readonly media: MediaConfig) {}

  async intercept(ctx: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const req = ctx.switchToHttp().getRequest<Request>();
    if (!req.isMultipart()) return next.handle();
    const fields: Record<string, string> = {};
    try {
      for await (const part of req.parts({ limits: { ...LIMITS, fileSize: this.media.maxUploadBytes } })) {
        if (part.type === 'file') {
          if (part.fieldname !== FILE_FIELD) {
            part.file.resume();
            throw new BadRequestException('Unexpected field');
          }
          const buffer = await part.toBuffer();
          req.uploadedFile = { fieldname: part.fieldname, originalname: part.filename, mimetype: part.mimetype, buffer, size: buffer.length };
        } else {
          if (part.fieldnameTruncated) throw new BadRequestException('Field name too long');
          if (part.valueTruncated) throw new BadRequestException('Field value too long');
          fields[part.fieldname] = String(part.value);
        }
      }
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === 'FST_REQ_FILE_TOO_LARGE') throw new PayloadTooLargeException('File too large');
      if (code && LIMIT_MESSAGES[code]) throw new BadRequestException(LIMIT_MESSAGES[code]);
      if (err instanceof HttpException) throw err;
      // Everything else here is the body failing to parse as multipart (busboy's "Unexpected end of
      // form", "Malformed part header", a boundary that never comes): the client's fault, not a 500.
      throw new BadRequestException('The body is not well-formed multipart/form-data');
    }
    req.body = fields;
    return next.handle();
  }
}
