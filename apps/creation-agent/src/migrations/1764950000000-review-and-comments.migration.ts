import type { MigrationInterface, QueryRunner } from 'typeorm';

/** ADR 142: a draft's open review request (on the content row) and comments on a post. */
export class ReviewAndComments1764950000000 implements MigrationInterface {
  name = 'ReviewAndComments1764950000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE creation.content
        ADD COLUMN review_reviewer_id uuid,
        ADD COLUMN review_requested_by uuid,
        ADD COLUMN review_requested_at timestamptz,
        ADD COLUMN review_note text`);
    // The "awaiting my approval" queue: a reviewer's open requests in one brand.
    await q.query(
      `CREATE INDEX content_review_queue_idx ON creation.content (brand_id, review_reviewer_id, created_at) WHERE review_reviewer_id IS NOT NULL AND deleted_at IS NULL`,
    );
    await q.query(`
      CREATE TABLE creation.content_comment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        content_id uuid NOT NULL REFERENCES creation.content (id) ON DELETE CASCADE,
        brand_id uuid NOT NULL,
        author_id uuid NOT NULL,
        body text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX content_comment_content_idx ON creation.content_comment (content_id, created_at)`);
    await q.query(`CREATE INDEX content_comment_brand_idx ON creation.content_comment (brand_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE creation.content_comment`);
    await q.query(`DROP INDEX creation.content_review_queue_idx`);
    await q.query(`
      ALTER TABLE creation.content
        DROP COLUMN review_reviewer_id,
        DROP COLUMN review_requested_by,
        DROP COLUMN review_requested_at,
        DROP COLUMN review_note`);
  }
}
