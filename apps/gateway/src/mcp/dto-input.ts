import { z } from 'zod';
import { isZodDto, openApiSchemaOf } from '../http/zod-dto';

/** A request schema as a tool states it: JSON Schema, as the OpenAPI document's (ADR 155). */
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

/**
 * A zod DTO's request schema for a tool (ADR 182): the OpenAPI document's, less what only a
 * reader needs (examples) and the null that clears a field (a tool leaves the field out instead).
 */
function toolJsonSchema(schema: Parameters<typeof openApiSchemaOf>[0]): JsonSchema {
  const strip = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(strip);
    if (!node || typeof node !== 'object') return node;
    return Object.fromEntries(
      Object.entries(node)
        .filter(([k]) => k !== 'example' && k !== 'nullable')
        .map(([k, v]) => [k, strip(v)]),
    );
  };
  return strip(openApiSchemaOf(schema, 'input')) as JsonSchema;
}

/** The zod shape of a DTO's fields, typed as the DTO (what a tool's `run` receives). */
export type DtoShape<T> = { [K in keyof T]-?: z.ZodType<T[K]> };

/**
 * A tool's input fields from the API's own request DTO (ADR 155): the JSON Schema of its zod shape
 * (ADR 182), as zod (the SDK's schema language, which it turns back into the JSON Schema that
 * tools/list shows). `omit` leaves out fields a tool fills itself. A DTO that is not a zod DTO has
 * no schema to give: an error when the tools are defined (ADR 201).
 */
export function dtoInput<T>(dto: abstract new (...args: never[]) => T, omit: readonly (keyof T & string)[] = []): DtoShape<T> {
  if (!isZodDto(dto)) throw new Error(`${dto.name}: a tool's input comes from a zod DTO (ADR 182, ADR 201)`);
  const schema = toolJsonSchema(dto.zodSchema);
  for (const name of omit) delete schema.properties?.[name];
  schema.required = schema.required?.filter((name) => !omit.includes(name as keyof T & string));
  const object = z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]);
  if (!(object instanceof z.ZodObject)) throw new Error(`${dto.name}: not an object schema`);
  return object.shape as unknown as DtoShape<T>;
}
