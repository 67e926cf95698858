import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { loadEsm } from 'load-esm';
import type Sharp from 'sharp';

/** sharp (libvips, ~19 MB of RSS) is loaded with the first image uploaded, not at start-up (ADR 192). */
function sharp(...args: Parameters<typeof Sharp>): ReturnType<typeof Sharp> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require('sharp') as typeof Sharp & { default?: typeof Sharp };
  return (mod.default ?? mod)(...args);
}

const run = promisify(execFile);

/** Image and video types the library keeps, as file-type names them from the bytes. */
export const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'image/avif', 'image/heic'] as const;
export const VIDEO_TYPES = ['video/mp4', 'video/quicktime', 'video/webm'] as const;

export type Inspection =
  | { ok: true; kind: 'image'; mimeType: string; bytes: Buffer; width: number; height: number }
  | {
      ok: true;
      kind: 'video';
      mimeType: string;
      bytes: Buffer;
      width: number | null;
      height: number | null;
      durationS: number;
      /** Frames a second over the whole stream (ffprobe's avg_frame_rate); null when the container does not say. */
      frameRate: number | null;
      codec: string | null;
    }
  | { ok: false; code: 'MEDIA_TYPE_NOT_ALLOWED' | 'MEDIA_UNREADABLE'; message: string };

/** The longest side a stored image keeps; larger ones are scaled down (every platform here takes this size). */
export const MAX_IMAGE_SIDE = 4096;

/**
 * What an upload is, from its bytes alone (file-type's magic numbers; the name and the client's
 * Content-Type are never trusted), and its normalised form:
 * - images: decoded by sharp, turned upright from their EXIF orientation, metadata stripped (a
 *   phone's GPS position must not reach a public post), scaled to MAX_IMAGE_SIDE at most, and
 *   re-encoded in their own format (GIFs keep their frames); sharp's dimensions are the result's;
 * - video: kept as uploaded, probed by ffprobe for its duration, size, frame rate and codec.
 * A file whose bytes are no allowed type, or that the decoder cannot read, is refused.
 */
export class MediaInspector {
  constructor(private readonly ffprobe: string) {}

  async inspect(input: Buffer): Promise<Inspection> {
    const { fileTypeFromBuffer } = await loadEsm<typeof import('file-type')>('file-type');
    const detected = await fileTypeFromBuffer(input);
    const mime = detected?.mime ?? null;
    const allowed = [...IMAGE_TYPES, ...VIDEO_TYPES] as readonly string[];
    if (!mime || !allowed.includes(mime)) {
      return {
        ok: false,
        code: 'MEDIA_TYPE_NOT_ALLOWED',
        message: `The file's contents are ${mime ? `of type ${mime}` : 'not a known image or video'}; upload a JPEG, PNG, GIF, WebP, AVIF or HEIC image, or an MP4, MOV or WebM video`,
      };
    }
    return (IMAGE_TYPES as readonly string[]).includes(mime) ? this.image(input, mime) : this.video(input, mime);
  }

  private async image(input: Buffer, mime: string): Promise<Inspection> {
    try {
      const animated = mime === 'image/gif' || mime === 'image/webp';
      let pipeline = sharp(input, { animated, failOn: 'error' }).rotate();
      pipeline = pipeline.resize({ width: MAX_IMAGE_SIDE, height: MAX_IMAGE_SIDE, fit: 'inside', withoutEnlargement: true });
      // HEIC is read but written as JPEG: few platforms take it, and libvips' prebuilt binary does not encode it.
      const out = mime === 'image/heic' ? 'image/jpeg' : mime;
      pipeline =
        out === 'image/png'
          ? pipeline.png()
          : out === 'image/gif'
            ? pipeline.gif()
            : out === 'image/webp'
              ? pipeline.webp()
              : out === 'image/avif'
                ? pipeline.avif()
                : pipeline.jpeg({ quality: 90, mozjpeg: true });
      const { data, info } = await pipeline.toBuffer({ resolveWithObject: true });
      const height = info.pageHeight ?? info.height;
      return { ok: true, kind: 'image', mimeType: out, bytes: data, width: info.width, height };
    } catch (err) {
      return { ok: false, code: 'MEDIA_UNREADABLE', message: `The image could not be read (${(err as Error).message})` };
    }
  }

  private async video(input: Buffer, mime: string): Promise<Inspection> {
    // ffprobe reads a file: the upload is written to a private temporary folder for it.
    const dir = await mkdtemp(path.join(tmpdir(), 'mt-media-'));
    try {
      const file = path.join(dir, 'upload');
      await writeFile(file, input);
      const { stdout } = await run(this.ffprobe, ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', file], {
        timeout: 30_000,
        maxBuffer: 4 * 1024 * 1024,
      });
      const probe = JSON.parse(stdout) as {
        format?: { duration?: string };
        streams?: { codec_type?: string; codec_name?: string; width?: number; height?: number; avg_frame_rate?: string; r_frame_rate?: string }[];
      };
      const stream = probe.streams?.find((s) => s.codec_type === 'video');
      const durationS = Number(probe.format?.duration);
      if (!stream || !Number.isFinite(durationS)) return { ok: false, code: 'MEDIA_UNREADABLE', message: 'The video has no readable video stream' };
      return {
        ok: true,
        kind: 'video',
        mimeType: mime,
        bytes: input,
        width: stream.width ?? null,
        height: stream.height ?? null,
        durationS,
        frameRate: rate(stream.avg_frame_rate) ?? rate(stream.r_frame_rate),
        codec: stream.codec_name ?? null,
      };
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      if (e.code === 'ENOENT') throw new Error(`ffprobe was not found (FFPROBE_PATH=${this.ffprobe}); install ffmpeg to accept videos`);
      return { ok: false, code: 'MEDIA_UNREADABLE', message: 'The video could not be read' };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}

/** ffprobe's "30000/1001" as 29.97; "0/0" (no rate known) and anything unreadable as null. */
function rate(text: string | undefined): number | null {
  const [num, den] = (text ?? '').split('/').map(Number);
  const r = den === undefined ? num : num / den;
  return Number.isFinite(r) && r > 0 ? Math.round(r * 1000) / 1000 : null;
}
