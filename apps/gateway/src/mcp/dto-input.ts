import { z } from 'zod';
import { dtoJsonSchema, type JsonSchema } from '../http/dto-schema';

/** The zod shape of a DTO's fields, typed as the DTO (what a tool's `run` receives). */
export type DtoShape<T> = { [K in keyof T]-?: z.ZodType<T[K]> };

/**
 * A tool's input fields from the API's own request DTO (ADR 155): the JSON Schema of the class's
 * class-validator rules, as zod (the SDK's schema language, which it turns back into the JSON
 * Schema that tools/list shows). `omit` leaves out fields a tool fills itself.
 */
export function dtoInput<T>(dto: abstract new (...args: never[]) => T, omit: readonly (keyof T & string)[] = []): DtoShape<T> {
  const schema: JsonSchema = dtoJsonSchema(dto);
  for (const name of omit) delete schema.properties?.[name];
  schema.required = schema.required?.filter((name) => !omit.includes(name as keyof T & string));
  const object = z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]);
  if (!(object instanceof z.ZodObject)) throw new Error(`${dto.name}: not an object schema`);
  return object.shape as unknown as DtoShape<T>;
}
