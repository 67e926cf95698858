import sharp from 'sharp';
import { fitImage } from './image-fit';

const png = (side: number) =>
  sharp({ create: { width: side, height: side, channels: 3, background: '#c08040' } })
    .png()
    .toBuffer();

describe('fitImage', () => {
  it('keeps an image under the limit as it is, with its size', async () => {
    const bytes = await png(40);
    const fitted = await fitImage(bytes, 'image/png', 1_000_000);
    expect(fitted).toEqual({ bytes, mimeType: 'image/png', width: 40, height: 40 });
  });

  it('re-encodes an image over the limit once for the same bytes and limit, and again for other bytes or limits', async () => {
    const bytes = await png(600);
    const max = Math.floor(bytes.length / 4);
    const first = await fitImage(bytes, 'image/png', max);
    expect(first.mimeType).toBe('image/jpeg');
    expect(first.bytes.length).toBeLessThanOrEqual(max);
    // The same Buffer (one medium's bytes, shared by a burst of publishes): the same variant.
    expect(await fitImage(bytes, 'image/png', max)).toBe(first);
    // Equal bytes in another Buffer, or another limit: computed for them.
    expect(await fitImage(Buffer.from(bytes), 'image/png', max)).not.toBe(first);
    expect(await fitImage(bytes, 'image/png', max + 1)).not.toBe(first);
  });

  it('does not keep a failure', async () => {
    const bytes = await png(300);
    await expect(fitImage(bytes, 'image/png', 10)).rejects.toThrow('could not be made smaller than 10 bytes');
    const fitted = await fitImage(bytes, 'image/png', 1_000_000);
    expect(fitted.bytes).toBe(bytes);
  });
});
