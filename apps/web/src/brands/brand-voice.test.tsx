import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { BRAND, fakeFetch, json, sessionRoutes } from '../test/fake-api';
import { renderApp } from '../test/render';

const VOICE = {
  brandId: BRAND.id,
  tone: 'Plain and specific, written about the brand by name.',
  traits: [{ trait: 'Calm', description: 'Measured and honest; no hype.' }],
  sentenceStyle: { averageSentenceWords: 12, readingLevel: 'standard', emojiPolicy: 'none', person: 'third' },
  vocabulary: { preferred: ['single origin'], avoid: ['cheap'] },
  dos: ['Name the origin'],
  donts: ['Hype'],
  examples: ['Northside Coffee roasts on Tuesdays.'],
  sampleCount: 3,
  version: 1,
  updatedAt: '2026-12-01T10:00:00.000Z',
};

describe('brand voice', () => {
  it('says which person the learned voice writes in', async () => {
    const api = fakeFetch({
      ...sessionRoutes(),
      [`GET /brands/${BRAND.id}`]: () => json(200, BRAND),
      [`GET /brands/${BRAND.id}/voice`]: () => json(200, VOICE),
    });
    renderApp({ path: `/brands/${BRAND.id}`, fetch: api.fetch, signedIn: true });
    await userEvent.setup().click(await screen.findByRole('tab', { name: 'Voice' }));
    expect(
      await screen.findByText(/Sentences of about 12 words · standard reading level · emoji none · names the brand, no “we” or “you”/),
    ).toBeInTheDocument();
  });
});
