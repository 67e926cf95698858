import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT, PageQueryShape, type PageQuery } from '@mt/messages';
import { zodDto } from '../http/zod-dto';

export { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT };

/**
 * The list convention of every list route: `?limit=` (1–100, default 20) and `?cursor=` (the
 * `nextCursor` of the previous page, opaque), checked and documented by `PageQueryShape` (ADR 182).
 * Extend the shape for routes with filters: `zodDto(PageQueryShape.extend({ brandId: uuidField() }))`;
 * a subclass with decorated fields of its own is not a zod DTO's shape and is refused (ADR 201).
 */
export class PageQueryDto extends zodDto(PageQueryShape) {}

/** The page request an agent receives (from this class or from a query built on PageQueryShape, ADR 182). */
export function toPageQuery(q: { limit?: number; cursor?: string }): PageQuery {
  return { limit: q.limit ?? DEFAULT_PAGE_LIMIT, cursor: q.cursor ?? null };
}
