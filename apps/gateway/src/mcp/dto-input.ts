import { z } from 'zod';
import { dtoJsonSchema, type JsonSchema } from '../http/dto-schema';
import { isZodDto, mixedDtoKeys, openApiSchemaOf } from '../http/zod-dto';

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
 * (ADR 182) or of the class's class-validator rules, as zod (the SDK's schema language, which it turns back into the JSON
 * Schema that tools/list shows). `omit` leaves out fields a tool fills itself.
 */
export function dtoInput<T>(dto: abstract new (...args: never[]) => T, omit: readonly (keyof T & string)[] = []): DtoShape<T> {
  const schema: JsonSchema = isZodDto(dto) ? toolJsonSchema(dto.zodSchema) : dtoJsonSchema(dto);
  // A class-validator DTO on a zod base (ADR 190): the base's fields, then the class's own.
  if (mixedDtoKeys(dto)) {
    const own = dtoJsonSchema(dto);
    schema.properties = { ...schema.properties, ...own.properties };
    schema.required = [...(schema.required ?? []), ...(own.required ?? [])];
  }
  for (const name of omit) delete schema.properties?.[name];
  schema.required = schema.required?.filter((name) => !omit.includes(name as keyof T & string));
  const object = z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]);
  if (!(object instanceof z.ZodObject)) throw new Error(`${dto.name}: not an object schema`);
  return object.shape as unknown as DtoShape<T>;
}
