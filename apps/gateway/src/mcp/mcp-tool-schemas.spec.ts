import { Module, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { z } from 'zod';
import { AnalyticsController } from '../controllers/analytics.controller';
import { BrandsController } from '../controllers/brands.controller';
import { CampaignsController } from '../controllers/campaigns.controller';
import { ContentController } from '../controllers/content.controller';
import { MessagesController } from '../controllers/messages.controller';
import { ScheduleController } from '../controllers/schedule.controller';
import { API_PREFIX, openApiDocument } from '../gateway.app';
import { CONSTRAINT_KEYWORDS } from './dto-input';
import { MCP_TOOLS, type ToolDefinition } from './mcp-tools';

type Schema = Record<string, unknown> & { properties?: Record<string, Schema>; required?: string[]; items?: Schema; $ref?: string };

/** The controllers the tools stand for, each collaborator a stub: the OpenAPI document needs only their metadata. */
async function documentOf(controllers: Type[]): Promise<{ app: INestApplication; doc: OpenAPIObject }> {
  const stubs = new Map<unknown, unknown>();
  for (const c of controllers) {
    for (const dep of (Reflect.getMetadata('design:paramtypes', c) as unknown[] | undefined) ?? []) stubs.set(dep, {});
    for (const { param } of (Reflect.getMetadata('self:paramtypes', c) as { param: unknown }[] | undefined) ?? []) stubs.set(param, {});
  }
  @Module({ controllers, providers: [...stubs.keys()].map((provide) => ({ provide: provide as string, useValue: {} })) })
  class DocumentModule {}
  const app = await NestFactory.create(DocumentModule, { logger: false, abortOnError: false });
  app.setGlobalPrefix(API_PREFIX);
  return { app, doc: openApiDocument(app) };
}

/** A tool's input as tools/list shows it: the SDK turns the zod shape into JSON Schema the same way. */
const toolSchema = (t: ToolDefinition) => z.toJSONSchema(z.object(t.input), { io: 'input' }) as Schema;

const resolve = (doc: OpenAPIObject, s: Schema): Schema =>
  s.$ref ? ((doc.components?.schemas ?? {})[s.$ref.replace('#/components/schemas/', '')] as Schema) : s;

/** The constraint keywords of a property, as a comparable object (integer is a number to OpenAPI's `type`). */
function constraints(s: Schema | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // zod states a one-value enum as `const`: the same constraint.
  if (s?.const !== undefined) out.enum = [s.const];
  for (const k of CONSTRAINT_KEYWORDS) {
    if (!s || s[k] === undefined || k === 'type') continue;
    // zod spells a uuid as a format and a pattern; the format is what both sides state.
    if (k === 'pattern' && s.format === 'uuid') continue;
    out[k] = s[k];
  }
  if (s?.items) out.items = constraints(s.items);
  return out;
}

describe('the MCP tools’ input schemas are the API’s (ADR 155)', () => {
  let app: INestApplication;
  let doc: OpenAPIObject;
  beforeAll(async () => {
    ({ app, doc } = await documentOf([AnalyticsController, BrandsController, CampaignsController, ContentController, MessagesController, ScheduleController]));
  });
  afterAll(async () => {
    await app?.close();
  });

  const mapped = (MCP_TOOLS as readonly ToolDefinition[]).filter((t) => t.operation);

  it('map every tool that takes more than ids to an API operation', () => {
    expect(mapped.map((t) => t.name).sort()).toEqual([
      'analytics_summary',
      'create_campaign',
      'generate_post',
      'list_brands',
      'list_content',
      'list_inbox',
      'schedule_content',
    ]);
  });

  it.each(mapped.filter((t) => t.operation?.body).map((t) => [t.name, t] as const))(
    '%s carries the constraints and required fields of the OpenAPI request body',
    (_name, t) => {
      const op = (doc.paths[t.operation!.path] as Record<string, { requestBody?: { content: Record<string, { schema: Schema }> } }>)[t.operation!.method];
      const body = resolve(doc, op.requestBody!.content['application/json'].schema);
      const tool = toolSchema(t);
      const fields = Object.keys(body.properties ?? {});
      expect(fields.length).toBeGreaterThan(0);
      for (const field of fields) expect({ field, ...constraints(tool.properties?.[field]) }).toEqual({ field, ...constraints(body.properties?.[field]) });
      expect((tool.required ?? []).filter((f) => fields.includes(f)).sort()).toEqual([...(body.required ?? [])].sort());
      // Every field the tool takes is the body's, but for the ids of the path and the idempotency key.
      expect(Object.keys(tool.properties ?? {}).filter((f) => !fields.includes(f) && f !== 'idempotencyKey' && f !== 'contentId')).toEqual([]);
    },
  );

  it.each(mapped.filter((t) => t.operation?.query).map((t) => [t.name, t] as const))(
    '%s takes the query parameters of its OpenAPI operation, with the same bounds, enums and required ones',
    (_name, t) => {
      const op = (doc.paths[t.operation!.path] as Record<string, { parameters: { name: string; in: string; required?: boolean; schema: Schema }[] }>)[
        t.operation!.method
      ];
      const params = op.parameters.filter((p) => p.in === 'query');
      const tool = toolSchema(t);
      expect(Object.keys(tool.properties ?? {}).sort()).toEqual(params.map((p) => p.name).sort());
      for (const p of params) {
        const mine = constraints(tool.properties?.[p.name]);
        // What the document states about a parameter, the tool states alike (the tool may state more: lengths, patterns).
        const theirs = constraints(p.schema);
        expect({ param: p.name, ...Object.fromEntries(Object.keys(theirs).map((k) => [k, mine[k]])) }).toEqual({ param: p.name, ...theirs });
        expect({ param: p.name, required: (tool.required ?? []).includes(p.name) }).toEqual({ param: p.name, required: p.required === true });
      }
    },
  );

  it('create_campaign states the campaign limits the API enforces', () => {
    const props = toolSchema(MCP_TOOLS.find((t) => t.name === 'create_campaign') as unknown as ToolDefinition).properties!;
    expect(props.name).toMatchObject({ minLength: 1, maxLength: 120 });
    expect(props.goal).toMatchObject({ minLength: 1, maxLength: 1000 });
    expect(props.postsPerWeek).toMatchObject({ type: 'integer', minimum: 1, maximum: 21 });
    expect(props.platforms).toMatchObject({ minItems: 1, maxItems: 7, items: { enum: expect.arrayContaining(['x', 'linkedin']) } });
    expect(props.budget).toMatchObject({ minimum: 0, multipleOf: 0.01 });
  });

  it('follow a DTO: a limit added to it changes the tool and the OpenAPI document alike', async () => {
    let tools: typeof MCP_TOOLS | undefined;
    let changed: { app: INestApplication; doc: OpenAPIObject } | undefined;
    await jest.isolateModulesAsync(async () => {
      const { CreateCampaignDto } = await import('../dtos/campaign.dto');
      // The DTO is built from its zod shape (ADR 182): the limit is added there.
      const shape = CreateCampaignDto.zodSchema;
      Object.assign(CreateCampaignDto, { zodSchema: shape.safeExtend({ name: shape.shape.name.max(40) }) });
      ({ MCP_TOOLS: tools } = await import('./mcp-tools'));
      const { CampaignsController: Controller } = await import('../controllers/campaigns.controller');
      changed = await documentOf([Controller]);
    });
    try {
      const create = tools!.find((t) => t.name === 'create_campaign') as unknown as ToolDefinition;
      expect(toolSchema(create).properties?.name).toMatchObject({ maxLength: 40 });
      expect(
        z
          .object(create.input)
          .safeParse({ name: 'x'.repeat(41) })
          .error?.issues.some((i) => i.path[0] === 'name'),
      ).toBe(true);
      expect(((changed!.doc.components?.schemas ?? {}).CreateCampaignDto as Schema).properties?.name).toMatchObject({ maxLength: 40 });
    } finally {
      await changed?.app.close();
    }
  });
});
