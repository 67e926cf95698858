import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '@mt/messages';

@Injectable()
export class ShortLinkRepository {
  constructor(private readonly uow: UnitOfWork) {}

  /**
   * The code of this post's short link to `url`: the one minted by an earlier attempt when there
   * is one (a retried or reconciled post carries the same links), else `code`. Null when `code`
   * is already taken by another link (the caller draws again).
   */
  async mint(code: string, link: { brandId: string; contentId: string; scheduleItemId: string; url: string }): Promise<string | null> {
    const existing = await this.codeOf(link.scheduleItemId, link.url);
    if (existing) return existing;
    await this.uow.manager().query(
      `INSERT INTO publishing.short_link (code, brand_id, content_id, schedule_item_id, url) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT DO NOTHING`,
      [code, link.brandId, link.contentId, link.scheduleItemId, link.url],
    );
    const now = await this.codeOf(link.scheduleItemId, link.url);
    return now;
  }

  private async codeOf(scheduleItemId: string, url: string): Promise<string | null> {
    const rows: { code: string }[] = await this.uow
      .manager()
      .query(`SELECT code FROM publishing.short_link WHERE schedule_item_id = $1 AND url = $2`, [scheduleItemId, url]);
    return rows[0]?.code ?? null;
  }
}
