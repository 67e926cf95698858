import { PLATFORM_IDS } from '../platforms';
import { FRAMEWORKS } from '../tasks/post-generation.task';
import { allowedHashtags, copyCases, copyIssues, type CopyIssue, type CopyIssueKind } from '../testing/copy-quality';
import { LocalEngine } from './local-engine';

/**
 * Copy a marketer could post: 1,000+ posts from 60 generated brands and briefs (fixed seed), every
 * platform and framework, checked for what a copywriter would reject.
 */
const engine = new LocalEngine();
const cases = copyCases(20261202);
const results = cases.map((c) => ({ c, out: engine.generate('post-generation', c.input) }));
const issues = results.flatMap(({ c, out }) => copyIssues(c, out).map((i) => ({ ...i, platform: c.input.platform })));
const byKind = (kind: CopyIssueKind) => issues.filter((i) => i.kind === kind);
const examples = (xs: (CopyIssue & { platform: string })[]) => xs.slice(0, 5).map((i) => `${i.platform} ${i.detail}`);

describe('copy quality of the built-in engine', () => {
  it('covers at least 1,000 posts from at least 50 brands, on every platform and with every framework', () => {
    const posts = results.reduce((n, r) => n + r.out.variants.length, 0);
    expect(posts).toBeGreaterThanOrEqual(1000);
    expect(new Set(cases.map((c) => c.input.brand.name)).size).toBeGreaterThanOrEqual(50);
    expect(new Set(cases.map((c) => c.input.platform))).toEqual(new Set(PLATFORM_IDS));
    expect(new Set(results.flatMap((r) => r.out.variants.map((v) => v.framework)))).toEqual(new Set(FRAMEWORKS));
  });

  it('draws voices in every person, so the person check has cases to fail on', () => {
    const persons = cases.map((c) => c.input.brand.voice?.person).filter(Boolean);
    expect(new Set(persons)).toEqual(new Set(['first', 'second', 'third']));
    expect(persons.filter((p) => p === 'third').length).toBeGreaterThanOrEqual(20);
  });

  it('feeds learned voices whose preferred words are not hashtag vocabulary, so a tag from one is counted', () => {
    const voiced = cases.filter((c) => c.input.brand.preferredWords?.length);
    expect(voiced.length).toBeGreaterThanOrEqual(50);
    for (const c of voiced) {
      const allowed = allowedHashtags(c.input);
      const outside = (c.input.brand.preferredWords ?? []).filter((w) => !allowed.has(w.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '')));
      expect(outside).toEqual(c.input.brand.preferredWords);
    }
  });

  it.each<[CopyIssueKind, string]>([
    ['label', 'no planner label or slot name in any post'],
    ['cut', 'no phrase cut off with an ellipsis'],
    ['fact', 'every concrete fact of the brief (day, time, number, price, name, place, URL) in at least one variant'],
    ['emoji', 'no emoji where the voice says none'],
    ['banned', 'no banned word'],
    ['length', 'no post over its platform limit or outside its hashtag count'],
    ['repeat', 'no sentence repeated between the variants of a piece'],
    ['hashtag', 'hashtags drawn only from the brand and campaign vocabulary'],
    ['readability', "sentence length within the voice's reading level"],
    ['person', 'the voice\'s person: no "we" in a second-person voice, neither "we" nor "you" in a third-person one'],
    ['article', 'indefinite articles that fit the next word\'s sound ("an espresso", "a university", "an hour")'],
    ['doubled', 'no word written twice in a row ("the the")'],
  ])('%s: %s', (kind) => {
    expect({ count: byKind(kind).length, examples: examples(byKind(kind)) }).toEqual({ count: 0, examples: [] });
  });
});
