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

export interface FittedImage {
  bytes: Buffer;
  mimeType: string;
  width: number;
  height: number;
}

/**
 * The fitted variants of the images publishes hold now, by their bytes (the Buffer itself) and the
 * limit: the publishes of one medium share one Buffer (ADR 206), so a burst of posts carrying it
 * reads its size, or re-encodes it, once. Held weakly: a variant goes when no publish holds its original.
 */
const fitted = new WeakMap<Buffer, Map<string, Promise<FittedImage>>>();

/**
 * An image re-encoded to fit a platform's byte limit (Bluesky: 1,000,000 bytes a blob): JPEG at
 * falling quality, then smaller, until it fits. The original stays in the library untouched. The
 * same bytes and limit give the same variant, computed once while those bytes are in use.
 */
export function fitImage(bytes: Buffer, mimeType: string, maxBytes: number): Promise<FittedImage> {
  let variants = fitted.get(bytes);
  if (!variants) fitted.set(bytes, (variants = new Map()));
  const key = `${mimeType} ${maxBytes}`;
  let variant = variants.get(key);
  if (!variant) {
    variant = computeFit(bytes, mimeType, maxBytes);
    variants.set(key, variant);
    // A failure is not kept: the next publish tries again.
    const own = variants;
    variant.catch(() => own.delete(key));
  }
  return variant;
}

async function computeFit(bytes: Buffer, mimeType: string, maxBytes: number): Promise<FittedImage> {
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
