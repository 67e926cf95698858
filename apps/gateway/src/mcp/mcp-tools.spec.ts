import { z } from 'zod';
import { MCP_TOOLS } from './mcp-tools';

describe('the MCP tools (ADR 138)', () => {
  it('are the fourteen of issue 20, each with a title, a description and an input schema', () => {
    expect(MCP_TOOLS.map((t) => t.name).sort()).toEqual([
      'analytics_summary',
      'approve_content',
      'create_campaign',
      'draft_inbox_reply',
      'generate_post',
      'get_brand_voice',
      'get_content',
      'get_job',
      'list_brands',
      'list_calendar',
      'list_content',
      'list_inbox',
      'plan_campaign',
      'schedule_content',
    ]);
    for (const t of MCP_TOOLS) {
      expect(t.title.length).toBeGreaterThan(0);
      expect(t.description.length).toBeGreaterThan(20);
    }
  });

  it('refuses input the API would refuse, before any request', () => {
    const create = MCP_TOOLS.find((t) => t.name === 'create_campaign');
    const schema = z.object(create?.input ?? {});
    const valid = {
      brandId: '6f1c0b38-3c58-4d2f-9c1e-3c4b7a1d2e3f',
      name: 'Spring',
      goal: 'Grow',
      startDate: '2027-03-01',
      endDate: '2027-03-14',
      platforms: ['x'],
      postsPerWeek: 3,
    };
    expect(schema.safeParse(valid).success).toBe(true);
    expect(schema.safeParse({ ...valid, platforms: ['myspace'] }).success).toBe(false);
    expect(schema.safeParse({ ...valid, postsPerWeek: 22 }).success).toBe(false);
    expect(schema.safeParse({ ...valid, brandId: 'not-a-uuid' }).success).toBe(false);
  });

  it('mark only reading tools read-only', () => {
    const readOnly = MCP_TOOLS.filter((t) => t.readOnly).map((t) => t.name);
    expect(readOnly.sort()).toEqual([
      'analytics_summary',
      'get_brand_voice',
      'get_content',
      'get_job',
      'list_brands',
      'list_calendar',
      'list_content',
      'list_inbox',
    ]);
  });
});
