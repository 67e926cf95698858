import { sampleBrand } from '../testing/fixtures';
import { audienceSegments } from './brand-strategy.local';
import { extractKeywords } from './keywords';
import { LocalEngine } from './local-engine';

/** Strategy and voice read the brand's sentences as sentences (the examples of the roastery in the issue). */
const engine = new LocalEngine();
const roastery = sampleBrand({
  name: 'Kiln Coffee',
  description: 'A specialty coffee roastery on Gloucester Road, Bristol. We roast twice a week and sell beans, subscriptions and brewing kit.',
  audience: 'home-brewing coffee enthusiasts aged 25–45 with a pour-over or espresso setup',
  pillars: ['Brewing guides', 'Origins', 'Roastery life'],
  keywords: [],
  samples: [
    'Your grinder matters more than your machine. Start there.',
    'Every bag ships within 24 hours of roasting, so it lands fresh.',
    'This week: a washed Ethiopian with notes of peach tea.',
  ],
});

describe('audience, strategy and voice extraction', () => {
  it('keeps an audience with its qualifiers as one audience, and splits a real list', () => {
    expect(audienceSegments('home-brewing coffee enthusiasts aged 25–45 with a pour-over or espresso setup')).toEqual([
      'home-brewing coffee enthusiasts aged 25–45 with a pour-over or espresso setup',
    ]);
    expect(audienceSegments('Remote workers, small design studios and home baristas in the UK')).toEqual([
      'Remote workers',
      'small design studios',
      'home baristas in the UK',
    ]);
    expect(audienceSegments('Daily commuters. Families who ride at weekends.')).toEqual(['Daily commuters', 'Families who ride at weekends']);
  });

  it('drafts a strategy with one audience segment, a real positioning and the competitor notes used', () => {
    const out = engine.generate('brand-strategy', {
      brand: roastery,
      goals: ['More subscription sign-ups'],
      competitorNotes: 'Big chains compete on price and convenience.',
    });
    expect(out.audienceSegments.map((s) => s.name)).toEqual(['Home-brewing coffee enthusiasts aged 25–45 with a pour-over or espresso setup']);
    expect(out.positioning).toContain('Kiln Coffee is a specialty coffee roastery on Gloucester Road');
    expect(out.positioning).not.toMatch(/the voice on/);
    expect(out.positioning).not.toMatch(/…/);
    expect([out.positioning, ...out.keyMessages].join(' ')).toMatch(/Where big chains compete on price and convenience, Kiln Coffee competes on/);
  });

  it('positions against named competitors when there are no notes', () => {
    const out = engine.generate('brand-strategy', { brand: { ...roastery, competitors: ['Brew Barn', 'Bean Machine'] }, goals: ['awareness'] });
    expect(out.keyMessages.join(' ')).toContain('Unlike Brew Barn and Bean Machine, Kiln Coffee');
  });

  it('prefers words and real phrases, not a noun glued to its verb', () => {
    const preferred = engine.generate('voice-profile', { brand: roastery, samples: roastery.samples ?? [] }).vocabulary.preferred;
    expect(preferred).not.toContain('grinder matters');
    expect(preferred).not.toContain('bag ships');
    expect(preferred).toEqual(expect.arrayContaining(['grinder', 'peach tea']));
    const text = (roastery.samples ?? []).join(' ').toLowerCase();
    for (const p of preferred.filter((w) => roastery.samples?.join(' ').toLowerCase().includes(w.toLowerCase()))) expect(text).toContain(p.toLowerCase());
    expect(extractKeywords('Your grinder matters more than your machine.')).toEqual(['grinder', 'machine']);
  });

  it("writes example lines about the brand's pillars, not a word from one sample", () => {
    const lines = engine.generate('voice-profile', { brand: roastery, samples: roastery.samples ?? [] }).exampleLines.join(' ');
    expect(lines).not.toMatch(/peach tea/i);
    expect(lines).toMatch(/brewing guides|roastery life/i);
  });
});
