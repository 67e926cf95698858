import { PLATFORMS, platformLength, renderPost } from '../platforms';
import { sampleBrand, sampleInputs } from '../testing/fixtures';
import { adaptedHashtags, targetAdaptationTask } from '../tasks/target-adaptation.task';
import { validateOutput } from '../validation/output-validator';
import { LocalEngine } from './local-engine';
import { adaptBody } from './target-adaptation.local';

const engine = new LocalEngine();
const long = `${'We roast every Monday in small batches and ship the same day. '.repeat(8)}Start yours at https://roastery.example/subscribe`;

describe('target adaptation (local engine)', () => {
  it('writes one body per target, each within its platform with the hashtags it will carry', () => {
    const input = sampleInputs()['target-adaptation'];
    const out = engine.generate('target-adaptation', input);
    expect(out.adaptations.map((a) => a.id)).toEqual(['c-x', 'c-bluesky', 'c-instagram']);
    for (const a of out.adaptations) {
      const platform = input.targets.find((t) => t.id === a.id)!.platform;
      const rendered = renderPost(a.body, adaptedHashtags(platform, input.master.hashtags));
      expect(platformLength(platform, rendered)).toBeLessThanOrEqual(PLATFORMS[platform].maxLength);
    }
    expect(validateOutput(targetAdaptationTask, JSON.stringify(out), input)).toMatchObject({ ok: true });
  });

  it('keeps a master that fits as it is, shortens one that does not at a sentence and keeps its link', () => {
    expect(adaptBody('linkedin', 'Fresh lot. Roasted Monday.', ['#Coffee'])).toBe('Fresh lot. Roasted Monday.');
    const x = adaptBody('x', long, ['#Coffee', '#Roastery']);
    expect(platformLength('x', renderPost(x, ['#Coffee', '#Roastery']))).toBeLessThanOrEqual(280);
    expect(x).toMatch(/^We roast every Monday in small batches and ship the same day\./);
    expect(x.endsWith('https://roastery.example/subscribe')).toBe(true);
  });

  it('takes links out where the platform shows none (Instagram captions)', () => {
    const ig = adaptBody('instagram', 'New lot today. Order at https://roastery.example/shop', []);
    expect(ig).not.toContain('https://');
    expect(ig).toContain('Link in bio.');
  });

  it('never uses a banned word of the brand', () => {
    const input = { ...sampleInputs()['target-adaptation'], brand: sampleBrand({ bannedWords: ['bright'] }) };
    const out = engine.generate('target-adaptation', input);
    for (const a of out.adaptations) expect(a.body.toLowerCase()).not.toContain('bright');
  });
});

describe('target adaptation task checks', () => {
  const input = sampleInputs()['target-adaptation'];

  it("refuses a body over its platform's limit, a missing target and an unknown id", () => {
    const problems = targetAdaptationTask.check(
      {
        adaptations: [
          { id: 'c-x', body: 'a'.repeat(280) },
          { id: 'c-bluesky', body: 'Fine.' },
          { id: 'c-other', body: 'Who?' },
        ],
      },
      input,
    );
    expect(problems).toEqual([
      'the body for target "c-x" (X) is 280 characters; the limit is 252',
      'adaptation "c-other" is not one of the target ids',
      'target "c-instagram" has no adaptation',
    ]);
  });

  it('spends no call on an input that cannot be answered', () => {
    expect(targetAdaptationTask.inputProblems!({ ...input, targets: [] })).toEqual(['there is no target to adapt the post for']);
    expect(targetAdaptationTask.inputProblems!({ ...input, targets: [input.targets[0], input.targets[0]] })).toEqual(['a target is named twice']);
  });
});
