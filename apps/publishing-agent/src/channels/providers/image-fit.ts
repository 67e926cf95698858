import type Sharp from 'sharp';

/**
 * sharp (libvips, ~19 MB of RSS) is loaded on the first image that needs it, not by every process
 * that imports the channel providers (ADR 184).
 */
function sharp(input: Buffer): ReturnType<typeof Sharp> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require('sharp') as typeof Sharp & { default?: typeof Sharp };
  return (mod.default ?? mod)(input);
}

/**
 * An image re-encoded to fit a platform's byte limit (Bluesky: 1,000,000 bytes a blob): JPEG at
 * falling quality, then smaller, until it fits. The original stays in the library untouched.
 */
export async function fitImage(bytes: Buffer, mimeType: string, maxBytes: number): Promise<{ bytes: Buffer; mimeType: string; width: number; height: number }> {
  const meta = await sharp(bytes).metadata();
  if (bytes.length <= maxBytes) return { bytes, mimeType, width: meta.width ?? 0, height: meta.pageHeight ?? meta.height ?? 0 };
  let side = Math.max(meta.width ?? 2000, meta.height ?? 2000);
  for (let attempt = 0; attempt < 8; attempt++) {
    const quality = Math.max(50, 85 - attempt * 5);
    const { data, info } = await sharp(bytes)
      .resize({ width: side, height: side, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality, mozjpeg: true })
      .toBuffer({ resolveWithObject: true });
    if (data.length <= maxBytes) return { bytes: data, mimeType: 'image/jpeg', width: info.width, height: info.height };
    side = Math.round(side * 0.8);
  }
  throw new Error(`the image could not be made smaller than ${maxBytes} bytes`);
}
