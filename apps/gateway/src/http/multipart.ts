import { fastifyMultipart } from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';

const MULTIPART = /^multipart\//i;
type AsyncHook = (this: FastifyInstance, req: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

/** A hook of @fastify/multipart's that runs only for a request that sends multipart (the others skip it without a promise). */
function forMultipart(hook: AsyncHook) {
  return function (this: FastifyInstance, req: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
    if (!MULTIPART.test(req.headers['content-type'] ?? '')) return done();
    hook.call(this, req, reply).then(() => done(), done);
  };
}

/**
 * @fastify/multipart on the gateway (the media upload route reads its parts, MultipartFileInterceptor),
 * with its two per-request hooks run only for requests that send multipart (ADR 219). The plugin
 * adds an async `onRequest` and an async `onResponse` hook to every request — a listener on the
 * response and two promises, to clean up temporary files that only a multipart request can have
 * written — which cost the bare route ~19 µs of its ~240. Everything else (the content-type
 * parser, `req.isMultipart()`, `req.parts()`) is the plugin's own, unchanged.
 */
export function installMultipart(server: FastifyInstance): void {
  const addHook = server.addHook;
  const gated = function (this: FastifyInstance, name: string, hook: AsyncHook) {
    return (addHook as (name: string, hook: unknown) => FastifyInstance).call(
      this,
      name,
      name === 'onRequest' || name === 'onResponse' ? forMultipart(hook) : hook,
    );
  };
  server.addHook = gated as FastifyInstance['addHook'];
  try {
    // Registered on the root instance at once, as fastify-plugin (skip-override) would: its decorations and parser are the app's.
    fastifyMultipart(server, {}, (err?: Error) => {
      if (err) throw err;
    });
  } finally {
    server.addHook = addHook;
  }
}
