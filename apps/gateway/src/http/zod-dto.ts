import type { OpenAPIObject } from '@nestjs/swagger';
import { listFieldIssues } from '@mt/messages';
import { z } from 'zod';
import type { FieldError } from './problem';

/**
 * A DTO class whose shape is a zod schema from libs/messages (ADR 182): the validation pipe parses
 * with the schema, and the OpenAPI document's component of the same name is the schema's JSON
 * Schema. The class carries no decorators: `class CreateBrandDto extends zodDto(CreateBrandShape) {}`
 * names the component and types the handler's parameter as the schema's output.
 */
export interface ZodDtoClass<S extends z.ZodType = z.ZodType> {
  new (): z.output<S>;
  readonly zodSchema: S;
}

/**
 * Every zod-backed DTO by class name, as @nestjs/swagger last explored it while building a
 * document: component names are class names there too. Process-wide, like Nest's own
 * metadata, so a document built by one copy of this module sees classes loaded by another.
 */
const REGISTRY = Symbol.for('marketing-team.zod-dtos');
const registry: Map<string, ZodDtoClass> =
  ((globalThis as Record<symbol, unknown>)[REGISTRY] as Map<string, ZodDtoClass> | undefined) ??
  ((globalThis as Record<symbol, unknown>)[REGISTRY] = new Map<string, ZodDtoClass>());

export function zodDto<S extends z.ZodType>(schema: S): ZodDtoClass<S> {
  class ZodDto {
    static readonly zodSchema = schema;
    /** @nestjs/swagger asks a class for its properties here; the real schema replaces the component (withZodSchemas). */
    static _OPENAPI_METADATA_FACTORY(): Record<string, Record<string, unknown>> {
      // Called on the named subclass first, then on this base while @nestjs/swagger walks the prototypes.
      if (this !== ZodDto) register(this as unknown as ZodDtoClass);
      return scalarProperties(schema);
    }
  }
  return ZodDto as unknown as ZodDtoClass<S>;
}

function register(dto: ZodDtoClass): void {
  registry.set(dto.name, dto);
}

/**
 * The plain (string, number, boolean) properties of an object shape as @nestjs/swagger's property
 * options: what it needs to list a query DTO's parameters. Lists and nested objects are left to
 * the component that withZodSchemas writes.
 */
function scalarProperties(schema: z.ZodType): Record<string, Record<string, unknown>> {
  const json = openApiSchemaOf(schema, 'input') as { properties?: Record<string, Record<string, unknown>>; required?: string[] };
  const out: Record<string, Record<string, unknown>> = {};
  for (const [name, prop] of Object.entries(json.properties ?? {})) {
    if (!['string', 'number', 'integer', 'boolean'].includes(prop.type as string)) continue;
    out[name] = { ...prop, required: (json.required ?? []).includes(name) };
  }
  return out;
}

export function isZodDto(metatype: unknown): metatype is ZodDtoClass {
  // By its parts, not instanceof: a test may load a second copy of zod.
  const schema = typeof metatype === 'function' ? (metatype as Partial<ZodDtoClass>).zodSchema : undefined;
  return !!schema && typeof schema.safeParseAsync === 'function' && '_zod' in schema;
}

/**
 * zod's issues as the API's field errors: as the API has always reported them, an error on an item
 * of a list of plain values is the list's (`values`, not `values.3`), once however many items
 * have it; items that are objects keep their index (`audiences.0.name`).
 */
export function zodFieldErrors(error: z.ZodError): FieldError[] {
  // A body or query that is not an object at all (an array, a string) is the body's error.
  if (error.issues.some((i) => i.path.length === 0 && i.code === 'invalid_type')) return [{ field: 'body', message: 'must be a JSON object' }];
  const seen = new Set<string>();
  return listFieldIssues(error.issues).filter(({ field, message }) => {
    const key = `${field}\n${message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Formats whose meaning a reader and a client generator know: zod's own pattern for them is noise there. */
const NAMED_FORMATS = new Set(['uuid', 'email', 'date-time']);

/**
 * Drops zod's pattern beside a named format and, in an answer, `additionalProperties: false`: the
 * API refuses unknown fields in what it is sent, but an answer may gain a field without breaking
 * its readers.
 */
function tidy(node: unknown, io: 'input' | 'output'): void {
  if (Array.isArray(node)) return node.forEach((n) => tidy(n, io));
  if (!node || typeof node !== 'object') return;
  const o = node as Record<string, unknown>;
  if (typeof o.format === 'string' && NAMED_FORMATS.has(o.format)) delete o.pattern;
  // zod states `.int()` as ±(2^53 - 1) when no bound is given: that is JavaScript's limit, not the API's.
  if (o.type === 'integer') {
    if (o.minimum === Number.MIN_SAFE_INTEGER) delete o.minimum;
    if (o.maximum === Number.MAX_SAFE_INTEGER) delete o.maximum;
  }
  if (io === 'output' && o.additionalProperties === false) delete o.additionalProperties;
  Object.values(o).forEach((n) => tidy(n, io));
}

/**
 * The JSON Schema of a zod shape as an OpenAPI 3.0 document states it: `input`, what a request may
 * send (unknown fields refused where the shape is strict); `output`, what the API answers.
 */
export function openApiSchemaOf(schema: z.ZodType, io: 'input' | 'output' = 'input'): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { target: 'openapi-3.0', io, unrepresentable: 'any' }) as Record<string, unknown>;
  delete json.$schema;
  tidy(json, io);
  return json;
}

/**
 * Replaces the component of every zod DTO in the document with its schema's JSON Schema. A DTO that
 * the document uses as a request body is stated as input (what may be sent, unknown fields refused);
 * any other as output (what the API answers).
 */
export function withZodSchemas(doc: OpenAPIObject): OpenAPIObject {
  const schemas = (doc.components?.schemas ?? {}) as Record<string, unknown>;
  const bodies = new Set<string>();
  for (const ops of Object.values(doc.paths ?? {}))
    for (const op of Object.values(ops as Record<string, { requestBody?: { content?: Record<string, { schema?: { $ref?: string } }> } }>)) {
      for (const media of Object.values(op?.requestBody?.content ?? {})) {
        const ref = media.schema?.$ref;
        if (ref) bodies.add(ref.replace('#/components/schemas/', ''));
      }
    }
  for (const [name, dto] of registry) {
    if (!(name in schemas)) continue;
    schemas[name] = bodies.has(name) ? openApiSchemaOf(dto.zodSchema, 'input') : openApiSchemaOf(dto.zodSchema, 'output');
  }
  return doc;
}
