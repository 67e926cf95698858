import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '@mt/messages';

/** The short links minted by the scheduling part (publishing.short_link), read and counted here. */
@Injectable()
export class LinkClickRepository {
  constructor(private readonly uow: UnitOfWork) {}

  async urlOf(code: string): Promise<string | null> {
    const rows: { url: string }[] = await this.uow.manager().query(`SELECT url FROM publishing.short_link WHERE code = $1`, [code]);
    return rows[0]?.url ?? null;
  }

  /**
   * Adds clicks to each link's counter and to its post's numbers for the day (real, never
   * simulated: `post_key` is the schedule item, as for the platform's own metrics). Call inside a
   * transaction so the two counters move together.
   */
  async add(clicks: { code: string; count: number; day: string }[]): Promise<void> {
    for (const c of clicks) {
      await this.uow.manager().query(
        `WITH link AS (
           UPDATE publishing.short_link SET clicks = clicks + $2, last_clicked_at = now() WHERE code = $1
           RETURNING brand_id, content_id, schedule_item_id
         )
         INSERT INTO publishing.analytics_snapshot
           (brand_id, content_id, post_key, platform, published_at, day, impressions, engagements, clicks, simulated)
         SELECT link.brand_id, link.content_id, link.schedule_item_id::text, s.platform, COALESCE(s.published_at, s.at), $3::date, 0, 0, $2, false
         FROM link JOIN publishing.schedule_item s ON s.id = link.schedule_item_id
         ON CONFLICT (brand_id, post_key, day) DO UPDATE SET
           clicks = publishing.analytics_snapshot.clicks + EXCLUDED.clicks, captured_at = now()`,
        [c.code, c.count, c.day],
      );
    }
  }
}
