import { sampleBrand, sampleInputs } from '../testing/fixtures';
import { altTextTask } from '../tasks/alt-text.task';
import { validateOutput } from '../validation/output-validator';
import { fileNameWords } from './alt-text.local';
import { LocalEngine } from './local-engine';

const engine = new LocalEngine();

describe('alt-text task', () => {
  const input = sampleInputs()['alt-text'];

  it('refuses an answer that opens with "image of", one over the limit, an empty one and a banned word', () => {
    const refused = (altText: string, over = input) => validateOutput(altTextTask, JSON.stringify({ altText }), over);
    expect(refused('Image of a pour-over kettle above a glass carafe.')).toMatchObject({ ok: false, problems: [expect.stringContaining('image of')] });
    expect(refused('A picture of beans')).toMatchObject({ ok: false });
    expect(refused('x'.repeat(501))).toMatchObject({ ok: false, problems: ['altText is 501 characters; the limit is 500'] });
    expect(refused('   ')).toMatchObject({ ok: false, problems: ['altText is empty'] });
    expect(refused('A cheap kettle on a counter.')).toMatchObject({ ok: false, problems: ['altText uses banned word(s): "cheap"'] });
    expect(refused('A pour-over kettle above a glass carafe of coffee.')).toMatchObject({ ok: true });
  });

  it('takes no video and no limit below one character', () => {
    expect(altTextTask.inputProblems!({ ...input, image: { ...input.image, mimeType: 'video/mp4' } })).toEqual(['"video/mp4" is not an image']);
    expect(altTextTask.inputProblems!({ ...input, maxLength: 0 })).toEqual(['the alt-text limit must be a positive whole number']);
  });

  it('hands the image to a model apart from the text prompt, and tells the model it is attached', () => {
    const withImage = { ...input, imageDataUrl: 'data:image/jpeg;base64,/9j/AAAA' };
    expect(altTextTask.images!(withImage)).toEqual(['data:image/jpeg;base64,/9j/AAAA']);
    expect(altTextTask.images!(input)).toEqual([]);
    const prompt = altTextTask.prompt(withImage);
    expect(JSON.stringify(prompt.data)).not.toContain('base64');
    expect(prompt.instructions.join('\n')).toContain('The image is attached');
    expect(altTextTask.prompt(input).instructions.join('\n')).toContain('Describe only what the facts support');
  });

  it('prompts with the facts, the limit and the redundant-opener rule', () => {
    const prompt = altTextTask.prompt(input);
    expect(prompt.instructions.join('\n')).toContain('at most 500 characters');
    expect(prompt.instructions.join('\n')).toContain('"image of"');
    expect(prompt.data).toMatchObject({ image: input.image, post: input.context, brand: { name: 'Northbeam Coffee' } });
  });
});

describe('alt text (local engine)', () => {
  it('drafts from the facts it holds: shape, file name, brand and post', () => {
    const out = engine.generate('alt-text', sampleInputs()['alt-text']);
    expect(out.altText).toBe(
      'Landscape photo: guji pour over, from Northbeam Coffee. Shared with the post: Our Ethiopian Guji is back on subscription. Floral, bright and roasted every Monday.',
    );
    expect(validateOutput(altTextTask, JSON.stringify(out), sampleInputs()['alt-text'])).toMatchObject({ ok: true });
  });

  it("keeps within the platform's limit", () => {
    const input = { ...sampleInputs()['alt-text'], context: 'We roast every Monday in small batches. '.repeat(40), maxLength: 120 };
    const out = engine.generate('alt-text', input);
    expect(out.altText.length).toBeLessThanOrEqual(120);
    expect(out.altText).toMatch(/^Landscape photo: guji pour over, from Northbeam Coffee\. Shared with the post: We roast/);
    expect(validateOutput(altTextTask, JSON.stringify(out), input)).toMatchObject({ ok: true });
  });

  it('says nothing of a camera file name and leaves out banned words', () => {
    const input = {
      ...sampleInputs()['alt-text'],
      brand: sampleBrand({ bannedWords: ['bright'] }),
      image: { fileName: 'IMG_2041.png', mimeType: 'image/png', width: 800, height: 800 },
    };
    const out = engine.generate('alt-text', input);
    expect(out.altText).toMatch(/^Square image from Northbeam Coffee\./);
    expect(out.altText).not.toMatch(/bright/i);
    expect(fileNameWords('DSC0012.jpg')).toBeUndefined();
    expect(fileNameWords('3f2a9c1e-7b4d-4e8a-9c2f-1a2b3c4d5e6f.webp')).toBeUndefined();
    expect(fileNameWords('summerMenu_2025.jpg')).toBe('summer Menu 2025');
  });
});
