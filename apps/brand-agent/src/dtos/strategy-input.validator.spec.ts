import { MeshError } from '@mt/messages';
import { validateGenerateStrategy, validateStrategyEdit } from './strategy-input.validator';

const edit = {
  valueProposition: '  Fresh coffee at your door in four days.  ',
  audiences: [{ name: 'Home baristas', needs: ['fresh beans'], platforms: ['linkedin'] }],
  pillars: [
    { name: 'Freshness', description: 'Why days matter', sharePercent: 60 },
    { name: 'Origins', description: 'The farms', sharePercent: 40 },
  ],
  goals: [{ name: 'Sign-ups', target: '500 by June' }],
};

const current = {
  valueProposition: 'Old proposition, long enough',
  positioning: 'The roastery next door',
  audiences: [],
  pillars: [],
  goals: [],
  keyMessages: ['Four days, drum to door'],
  channelMix: [{ platform: 'linkedin', postsPerWeek: 3, rationale: 'where buyers are' }],
};

function errorsOf(fn: () => unknown): { field: string; message: string }[] {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(MeshError);
    expect((err as MeshError).code).toBe('VALIDATION_FAILED');
    return ((err as MeshError).details as { errors: { field: string; message: string }[] }).errors;
  }
  throw new Error('expected VALIDATION_FAILED');
}

describe('validateStrategyEdit', () => {
  it('trims text and keeps the optional fields the edit leaves out', () => {
    expect(validateStrategyEdit(edit, current)).toEqual({
      ...edit,
      valueProposition: 'Fresh coffee at your door in four days.',
      positioning: 'The roastery next door',
      keyMessages: current.keyMessages,
      channelMix: current.channelMix,
    });
  });

  it('replaces optional fields the edit gives, and starts empty without a current strategy', () => {
    const out = validateStrategyEdit({ ...edit, positioning: null, keyMessages: [] }, current);
    expect(out.positioning).toBeNull();
    expect(out.keyMessages).toEqual([]);
    expect(validateStrategyEdit(edit, null)).toMatchObject({ positioning: null, keyMessages: [], channelMix: [] });
  });

  it('asks pillars to add up to 100', () => {
    const pillars = [{ ...edit.pillars[0], sharePercent: 70 }, edit.pillars[1]];
    expect(errorsOf(() => validateStrategyEdit({ ...edit, pillars }, null))).toEqual([{ field: 'pillars', message: 'sharePercent values must add up to 100' }]);
  });

  it('names each bad field: unknown platforms, missing fields, unknown keys', () => {
    const fields = errorsOf(() =>
      validateStrategyEdit({ valueProposition: 'short', audiences: [{ name: 'A', needs: [], platforms: ['myspace'] }], extra: true }, null),
    ).map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['valueProposition', 'audiences.0.platforms.0', 'pillars', 'goals', 'extra']));
  });
});

describe('validateGenerateStrategy', () => {
  const actor = { userId: '00000000-0000-4000-8000-000000000000' };
  it('passes the options on without the actor and brand', () => {
    expect(validateGenerateStrategy({ actor, brandId: 'b', goals: ['Grow'], platforms: ['x'] })).toEqual({ goals: ['Grow'], platforms: ['x'] });
  });
  it('refuses platforms outside the catalogue', () => {
    expect(errorsOf(() => validateGenerateStrategy({ actor, brandId: 'b', platforms: ['myspace'] })).map((e) => e.field)).toEqual(['platforms.0']);
  });
});
