import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A video's frame rate as ffprobe reads it at upload (ADR 203), so a post is refused before it is
 * scheduled when the platform takes no such video (TikTok: 23 to 60 frames a second). Null: not
 * known — images, and videos uploaded before this column; the platform still checks those itself.
 */
export class MediaFrameRate1766600000203 implements MigrationInterface {
  name = 'MediaFrameRate1766600000203';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE publishing.media ADD COLUMN frame_rate double precision`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE publishing.media DROP COLUMN frame_rate`);
  }
}
