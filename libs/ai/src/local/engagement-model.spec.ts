import type { BrandAnalysis } from './brand-analysis';
import { scoreEngagement } from './engagement-model';

const brand: BrandAnalysis = {
  name: 'Acme Coffee',
  keywords: ['roast'],
  pillars: ['coffee craft'],
  audience: 'home baristas',
  tone: new Set(),
  hashtags: ['coffee'],
  banned: [],
};

describe('scoreEngagement and the catalogue’s link rules', () => {
  const text = 'Our autumn roast is in. Try it this weekend!';

  it('counts a link against a post where links are not clickable (Instagram) or reduce reach (LinkedIn), not where they are inline', () => {
    const link = `${text} https://acme.example/roast`;
    const ig = scoreEngagement('instagram', link, ['coffee'], brand);
    expect(ig.weaknesses).toContain('links are not clickable on Instagram');
    expect(ig.score).toBeLessThan(scoreEngagement('instagram', text, ['coffee'], brand).score);
    expect(scoreEngagement('linkedin', link, ['coffee', 'roast', 'beans'], brand).weaknesses).toContain('links reduce reach on LinkedIn');
    expect(scoreEngagement('facebook', link, ['coffee'], brand).weaknesses.filter((w) => w.includes('link'))).toEqual([]);
  });
});
