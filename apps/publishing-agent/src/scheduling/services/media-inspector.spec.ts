import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { MediaInspector } from './media-inspector';

describe('MediaInspector', () => {
  const inspector = new MediaInspector('ffprobe');

  it('reads an image from its bytes, turns it upright from its EXIF orientation and strips the metadata', async () => {
    // 40×20 pixels stored, EXIF orientation 6 (rotate 90° to view): shown as 20×40.
    const jpeg = await sharp({ create: { width: 40, height: 20, channels: 3, background: '#336699' } })
      .withMetadata({ orientation: 6, exif: { IFD0: { Artist: 'Someone' } } })
      .jpeg()
      .toBuffer();
    const seen = await inspector.inspect(jpeg);
    expect(seen).toMatchObject({ ok: true, kind: 'image', mimeType: 'image/jpeg', width: 20, height: 40 });
    const meta = await sharp((seen as { bytes: Buffer }).bytes).metadata();
    expect([meta.orientation, meta.exif]).toEqual([undefined, undefined]);
  });

  it('refuses bytes that are no allowed type, naming what they are', async () => {
    expect(await inspector.inspect(Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n'))).toMatchObject({
      ok: false,
      code: 'MEDIA_TYPE_NOT_ALLOWED',
      message: expect.stringContaining('application/pdf'),
    });
    expect(await inspector.inspect(Buffer.from('plain words'))).toMatchObject({
      ok: false,
      code: 'MEDIA_TYPE_NOT_ALLOWED',
      message: expect.stringContaining('not a known image or video'),
    });
  });

  it('refuses a PNG signature with nothing decodable after it', async () => {
    const broken = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('IHDR but not really')]);
    expect(await inspector.inspect(broken)).toMatchObject({ ok: false });
  });

  it('probes a video with ffprobe: duration, dimensions, frame rate and codec', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mt-inspector-'));
    try {
      const file = path.join(dir, 'clip.mp4');
      execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc=duration=2:size=320x240:rate=10', '-c:v', 'mpeg4', '-y', file]);
      const seen = await inspector.inspect(readFileSync(file));
      expect(seen).toMatchObject({ ok: true, kind: 'video', mimeType: 'video/mp4', width: 320, height: 240, frameRate: 10, codec: 'mpeg4' });
      expect((seen as { durationS: number }).durationS).toBeCloseTo(2, 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reads an NTSC frame rate as 29.97 from ffprobe's 30000/1001", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mt-inspector-'));
    try {
      const file = path.join(dir, 'ntsc.mp4');
      execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc=duration=1:size=320x240:rate=30000/1001', '-c:v', 'mpeg4', '-y', file]);
      expect(await inspector.inspect(readFileSync(file))).toMatchObject({ ok: true, kind: 'video', frameRate: 29.97 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
