import type { OpenAPIObject } from '@nestjs/swagger';
import {
  ARRAY_MAX_SIZE,
  ARRAY_MIN_SIZE,
  ARRAY_NOT_EMPTY,
  ARRAY_UNIQUE,
  getMetadataStorage,
  IS_ARRAY,
  IS_BOOLEAN,
  IS_DATE_STRING,
  IS_ENUM,
  IS_IN,
  IS_INT,
  IS_ISO8601,
  IS_LENGTH,
  IS_NUMBER,
  IS_STRING,
  IS_UUID,
  MATCHES,
  MAX,
  MAX_LENGTH,
  MIN,
  MIN_LENGTH,
  ValidationTypes,
} from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

/**
 * One JSON Schema per request DTO, read from the rules the API enforces (class-validator's
 * metadata) and worded with what the OpenAPI document says (@nestjs/swagger's `description`,
 * `format`, `default`). The OpenAPI document is completed with the same constraints
 * (`withValidationConstraints`) and the MCP tools' input schemas are built from it (ADR 155), so a
 * limit, an enum or a required field changed on a DTO changes both, and neither can drift.
 */

export interface JsonSchema {
  type?: string;
  description?: string;
  format?: string;
  default?: unknown;
  enum?: unknown[];
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  multipleOf?: number;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean;
}

/** The constraint keywords a DTO contributes; what the OpenAPI document and the tools must agree on. */
export const CONSTRAINT_KEYWORDS = [
  'type',
  'format',
  'enum',
  'minLength',
  'maxLength',
  'pattern',
  'minimum',
  'maximum',
  'multipleOf',
  'minItems',
  'maxItems',
  'uniqueItems',
] as const;

/** Where `@ApiProperty` keeps a property's options (@nestjs/swagger's DECORATORS.API_MODEL_PROPERTIES, not exported). */
const API_MODEL_PROPERTIES = 'swagger/apiModelProperties';

type Ctor = abstract new (...args: never[]) => unknown;
type SwaggerProperty = { description?: string; format?: string; default?: unknown; enum?: unknown };

const CONDITIONAL = ValidationTypes.CONDITIONAL_VALIDATION;

/**
 * class-validator's decorators as JSON Schema: each adds keywords to the property (or, with
 * `each`, to its items). A validator with no JSON Schema counterpart (a cross-field rule, a custom
 * check without constraints) adds nothing: the API still applies it, so a tool's schema can only be
 * looser than the API there, never stricter.
 */
function apply(target: JsonSchema, m: ValidationMetadata): void {
  const c = (m.constraints ?? []) as unknown[];
  const num = (i: number) => (typeof c[i] === 'number' ? (c[i] as number) : undefined);
  const set = (patch: JsonSchema) => {
    for (const [k, v] of Object.entries(patch)) if (v !== undefined) (target as Record<string, unknown>)[k] = v;
  };
  switch (m.name) {
    case IS_STRING:
      return set({ type: 'string' });
    case IS_UUID:
      return set({ type: 'string', format: 'uuid' });
    case IS_ISO8601:
    case IS_DATE_STRING:
      return set({ type: 'string' });
    case IS_LENGTH:
      return set({ type: 'string', minLength: num(0), maxLength: num(1) });
    case MIN_LENGTH:
      return set({ type: 'string', minLength: num(0) });
    case MAX_LENGTH:
      return set({ type: 'string', maxLength: num(0) });
    case MATCHES:
      // JSON Schema patterns have no flags: a case-insensitive or unicode-mode expression would mean
      // something else there, so it is left to the API (looser, never stricter).
      return set({
        type: 'string',
        pattern: c[0] instanceof RegExp ? (c[0].flags === '' ? c[0].source : undefined) : typeof c[0] === 'string' && !c[1] ? c[0] : undefined,
      });
    case IS_IN:
      return set({ enum: Array.isArray(c[0]) ? [...(c[0] as unknown[])] : undefined });
    case IS_ENUM:
      return set({ enum: c[0] && typeof c[0] === 'object' ? [...new Set(Object.values(c[0] as object))] : undefined });
    case IS_INT:
      return set({ type: 'integer' });
    case IS_NUMBER:
      return set({ type: target.type === 'integer' ? 'integer' : 'number' });
    case IS_BOOLEAN:
      return set({ type: 'boolean' });
    case MIN:
      return set({ minimum: num(0) });
    case MAX:
      return set({ maximum: num(0) });
    // apps/gateway/src/http/validation.ts: [min, max], two decimals at most.
    case 'isMoney':
      return set({ type: 'number', minimum: num(0), maximum: num(1), multipleOf: 0.01 });
    default:
      return;
  }
}

function applyArray(target: JsonSchema, m: ValidationMetadata): boolean {
  const n = typeof m.constraints?.[0] === 'number' ? (m.constraints[0] as number) : undefined;
  switch (m.name) {
    case IS_ARRAY:
      target.type = 'array';
      return true;
    case ARRAY_MIN_SIZE:
      Object.assign(target, { type: 'array', minItems: n });
      return true;
    case ARRAY_MAX_SIZE:
      Object.assign(target, { type: 'array', maxItems: n });
      return true;
    case ARRAY_NOT_EMPTY:
      Object.assign(target, { type: 'array', minItems: Math.max(target.minItems ?? 0, 1) });
      return true;
    case ARRAY_UNIQUE:
      Object.assign(target, { type: 'array', uniqueItems: true });
      return true;
    default:
      return false;
  }
}

/** The JSON Schema of a request DTO (its own and inherited properties), unknown fields refused as the API does. */
export function dtoJsonSchema(dto: Ctor): JsonSchema {
  const metas = getMetadataStorage().getTargetValidationMetadatas(dto as unknown as new () => unknown, '', true, false);
  const byProperty = new Map<string, ValidationMetadata[]>();
  for (const m of metas) byProperty.set(m.propertyName, [...(byProperty.get(m.propertyName) ?? []), m]);

  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const [name, list] of byProperty) {
    const prop: JsonSchema = {};
    let items: JsonSchema | undefined;
    for (const m of list) {
      if (m.type === CONDITIONAL) continue;
      if (applyArray(prop, m)) continue;
      if (m.each) {
        prop.type = 'array';
        items = items ?? {};
        apply(items, m);
      } else {
        apply(prop, m);
      }
    }
    if (items) prop.items = items;
    if (prop.type === 'array' && !prop.items) prop.items = {};
    const doc = Reflect.getMetadata(API_MODEL_PROPERTIES, (dto as unknown as { prototype: object }).prototype, name) as SwaggerProperty | undefined;
    if (doc?.description) prop.description = doc.description;
    if (doc?.default !== undefined) prop.default = doc.default;
    // An optional field (or one only checked under a condition) may be left out.
    if (!list.some((m) => m.type === CONDITIONAL)) required.push(name);
    properties[name] = prop;
  }
  return { type: 'object', properties, required, additionalProperties: false };
}

type OpenApiSchema = JsonSchema & { $ref?: string; allOf?: unknown[]; nullable?: boolean };

/** Every class class-validator knows, by name: the schema names @nestjs/swagger gives them. */
function validatedClasses(): Map<string, Ctor> {
  // class-validator keeps its targets in a private map; it has no public listing of them.
  const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<Ctor, unknown> };
  const byName = new Map<string, Ctor>();
  for (const target of storage.validationMetadatas.keys()) if (typeof target === 'function' && target.name) byName.set(target.name, target);
  return byName;
}

/**
 * Completes the OpenAPI document's schemas with the constraints their classes enforce (lengths,
 * bounds, patterns, enums, sizes): @nestjs/swagger only documents what `@ApiProperty` repeats. A
 * keyword the decorator already states is kept (it is checked against the DTO by the MCP tools'
 * spec, which fails on any disagreement).
 */
export function withValidationConstraints(doc: OpenAPIObject): OpenAPIObject {
  const schemas = (doc.components?.schemas ?? {}) as Record<string, OpenApiSchema>;
  const classes = validatedClasses();
  for (const [name, schema] of Object.entries(schemas)) {
    const dto = classes.get(name);
    if (!dto || !schema.properties) continue;
    const derived = dtoJsonSchema(dto);
    for (const [prop, target] of Object.entries(schema.properties as Record<string, OpenApiSchema>)) {
      const source = derived.properties?.[prop];
      if (!source || target.$ref || target.allOf) continue;
      mergeConstraints(target, source);
      if (source.items && target.items && !(target.items as OpenApiSchema).$ref) mergeConstraints(target.items, source.items);
    }
  }
  return doc;
}

function mergeConstraints(target: JsonSchema, source: JsonSchema): void {
  for (const key of CONSTRAINT_KEYWORDS) {
    if (key === 'type' || key === 'format') continue;
    const value = source[key];
    if (value !== undefined && target[key] === undefined) (target as Record<string, unknown>)[key] = value;
  }
}
