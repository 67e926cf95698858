import sharp from 'sharp';
import { asJpeg, isJpeg } from './image-renditions';

describe('asJpeg (ADR 187)', () => {
  it('returns a JPEG as it is, byte for byte', async () => {
    const jpeg = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#6f4e37' } })
      .jpeg()
      .toBuffer();
    expect(isJpeg(jpeg)).toBe(true);
    expect(await asJpeg(jpeg)).toBe(jpeg);
  });

  it('re-encodes a PNG with transparency as a JPEG of the same size, clear pixels on white', async () => {
    const png = await sharp({ create: { width: 40, height: 30, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
      .png()
      .toBuffer();
    expect(isJpeg(png)).toBe(false);
    const out = await asJpeg(png);
    const meta = await sharp(out).metadata();
    expect([isJpeg(out), meta.format, meta.width, meta.height, meta.hasAlpha]).toEqual([true, 'jpeg', 40, 30, false]);
    const { data } = await sharp(out).raw().toBuffer({ resolveWithObject: true });
    expect(Math.min(data[0], data[1], data[2])).toBeGreaterThan(245);
  });

  it('re-encodes a WebP, keeping its colour', async () => {
    const webp = await sharp({ create: { width: 20, height: 20, channels: 3, background: '#2050c0' } })
      .webp({ lossless: true })
      .toBuffer();
    const { data } = await sharp(await asJpeg(webp))
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect([data[0], data[1], data[2]].map((c, i) => Math.abs(c - [0x20, 0x50, 0xc0][i]) <= 6)).toEqual([true, true, true]);
  });

  it('throws on bytes that are not an image', async () => {
    await expect(asJpeg(Buffer.from('<html>not an image</html>'))).rejects.toThrow();
  });
});
