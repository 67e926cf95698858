import type Sharp from 'sharp';

/**
 * sharp (libvips, ~19 MB of RSS) is loaded the first time an image has to be re-encoded, not by
 * every process that imports the runtime (ADR 184).
 */
function sharp(input: Buffer): ReturnType<typeof Sharp> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require('sharp') as typeof Sharp & { default?: typeof Sharp };
  return (mod.default ?? mod)(input);
}

/** JPEG's start-of-image marker: what a decoder looks for, whatever the file was called. */
export const isJpeg = (bytes: Buffer): boolean => bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;

/**
 * An image as JPEG, for platforms that take no other image type (Instagram, ADR 187). A JPEG is
 * returned as it is; anything else libvips reads (PNG, WebP, the first frame of a GIF) is
 * re-encoded at quality 90, transparency laid on white (JPEG has no alpha), the EXIF orientation
 * applied so the picture stands as the user saw it. The stored original is never touched.
 * Throws when the bytes are not an image.
 */
export async function asJpeg(bytes: Buffer): Promise<Buffer> {
  if (isJpeg(bytes)) return bytes;
  return sharp(bytes).rotate().flatten({ background: '#ffffff' }).jpeg({ quality: 90, mozjpeg: true }).toBuffer();
}
