import { campaignCalendarTask } from '../tasks/campaign-calendar.task';
import { insightsTask } from '../tasks/insights.task';
import { postGenerationTask } from '../tasks/post-generation.task';
import { sampleBrand, sampleInputs } from '../testing/fixtures';
import { parseModelJson } from './json-repair';
import { validateOutput } from './output-validator';

const brand = sampleBrand();
const postInput = { brand, platform: 'x' as const, brief: 'espresso', variants: 1 };
const variant = {
  id: 'v1',
  framework: 'AIDA',
  hook: 'Hi',
  text: 'A good espresso starts with fresh beans. Try ours.',
  hashtags: ['#Coffee'],
  cta: 'Try ours.',
};

describe('parseModelJson', () => {
  it('repairs code fences, prose around the object and trailing commas', () => {
    const r = parseModelJson('Here you go:\n```json\n{"a": [1, 2,], "b": "x",}\n```');
    expect(r).toEqual({ ok: true, value: { a: [1, 2], b: 'x' }, repaired: true });
  });

  it('closes a truncated array and object', () => {
    const r = parseModelJson('{"items": [{"n": 1}, {"n": 2}, {"n"');
    expect(r.ok && r.value).toEqual({ items: [{ n: 1 }, { n: 2 }, { n: null }] });
  });

  it('rejects prose it cannot repair', () => {
    expect(parseModelJson('I cannot help with that.').ok).toBe(false);
  });
});

describe('validateOutput', () => {
  it('returns the typed value for a valid answer', () => {
    const r = validateOutput(postGenerationTask, JSON.stringify({ variants: [variant] }), postInput);
    expect(r.ok && r.value.variants[0].text).toBe(variant.text);
  });

  it('accepts a repaired, truncated answer when what survives is valid', () => {
    const input = sampleInputs(brand).insights;
    const full = JSON.stringify({
      summary: 'Engagement held steady across platforms.',
      findings: [{ title: 'LinkedIn leads', detail: 'Highest rate.', evidencePostIds: ['p2'] }],
      recommendations: [{ action: 'Post more on LinkedIn', rationale: 'Best rate.', priority: 'high' }],
      bestPlatform: 'linkedin',
      bestHoursUtc: [8, 9, 17],
    });
    const r = validateOutput(insightsTask, full.slice(0, full.indexOf('9,17') + 2), input);
    expect(r).toMatchObject({ ok: true, repaired: true, value: { bestHoursUtc: [8, 9] } });
  });

  it('reports an empty answer as such', () => {
    expect(validateOutput(postGenerationTask, '  ', postInput)).toEqual({ ok: false, stage: 'empty', problems: ['the answer was empty'] });
  });

  it('lists schema problems with their paths', () => {
    const r = validateOutput(postGenerationTask, JSON.stringify({ variants: [{ ...variant, framework: 'SHOUTING', hashtags: 'x' }] }), postInput);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.stage).toBe('schema');
      expect(r.problems.some((p) => p.startsWith('variants[0].framework'))).toBe(true);
      expect(r.problems.some((p) => p.startsWith('variants[0].hashtags'))).toBe(true);
    }
  });

  it('enforces platform length, hashtag habit and banned words (also inside hashtags)', () => {
    const long = { ...variant, text: `${'Cheap coffee. '.repeat(25)}`, hashtags: ['#GuaranteeFresh', '#A', '#B'] };
    const r = validateOutput(postGenerationTask, JSON.stringify({ variants: [long] }), postInput);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.stage).toBe('domain');
      expect(r.problems.join('\n')).toMatch(/allows 280/);
      expect(r.problems.join('\n')).toMatch(/3 hashtags; X wants 1–2/);
      expect(r.problems.join('\n')).toMatch(/banned word\(s\): "cheap"/);
      expect(r.problems.join('\n')).toMatch(/"guarantee"/);
    }
  });

  it('counts Bluesky length in graphemes', () => {
    const family = '👨‍👩‍👧‍👦';
    const text = `${family.repeat(280)}`;
    const r = validateOutput(postGenerationTask, JSON.stringify({ variants: [{ ...variant, text, hashtags: [] }] }), { ...postInput, platform: 'bluesky' });
    expect(r.ok).toBe(true);
  });

  it('rejects calendar dates outside the campaign', () => {
    const input = sampleInputs(brand)['campaign-calendar'];
    const item = {
      date: '2025-11-15',
      time: '09:00',
      platform: 'x',
      pillar: 'Brewing guides',
      framework: 'PAS',
      format: 'text',
      angle: 'Brewing tips for the season',
    };
    const r = validateOutput(
      campaignCalendarTask,
      JSON.stringify({ theme: 'Autumn', items: [item, { ...item, date: '2025-10-02', platform: 'medium' }] }),
      input,
    );
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.problems).toEqual([
        'items[0].date 2025-11-15 is outside the campaign (2025-10-01 to 2025-10-28)',
        'items[1].platform "medium" is not one of x, linkedin, wordpress',
      ]);
  });
});
