import type { Context } from '@opentelemetry/api';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TraceScope } from '@mt/messages';
import type { CurrentUserInfo } from './current-user';
import type { Count } from './rate-limit.guard';

export interface RequestTrace {
  requestId: string;
  traceId: string;
  spanId: string;
}

/** A file a multipart upload carried, read into memory (see multipart.interceptor.ts). */
export interface UploadedFileData {
  fieldname: string;
  originalname: string;
  mimetype: string;
  buffer: Buffer;
  size: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    trace?: RequestTrace;
    /** What the log lines written during this request carry (the user once the token is checked). */
    logScope?: TraceScope;
    /** With tracing on: the request's context (its SERVER span and the log scope), re-entered after the body is read. */
    traceContext?: Context;
    /** The caller, as the access-token guard found it. */
    user?: CurrentUserInfo;
    /** Counted by the access-token guard in the round trip that checked the session (ADR 111). */
    rateCounts?: Count[];
    /** The exact bytes of a JSON body (signature checks of inbound webhooks). */
    rawBody?: Buffer;
    /** The uploaded file of a multipart route (`file` is @fastify/multipart's own method). */
    uploadedFile?: UploadedFileData;
  }
}

/** The gateway's HTTP request and reply (Fastify, ADR 165). */
export type Request = FastifyRequest;
export type Response = FastifyReply;

/** The request's path, without its query string (what Express called `req.path`). */
export function pathOf(req: { url: string }): string {
  const q = req.url.indexOf('?');
  return q === -1 ? req.url : req.url.slice(0, q);
}
