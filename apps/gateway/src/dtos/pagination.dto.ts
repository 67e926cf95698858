import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT, type PageQuery } from '@mt/messages';

export { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT };

/**
 * The list convention of every list route: `?limit=` (1–100, default 20) and `?cursor=` (the
 * `nextCursor` of the previous page, opaque). Extend it for routes with filters:
 * `class ListCampaignsQuery extends PageQueryDto { brandId!: string }`.
 */
export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_LIMIT, default: DEFAULT_PAGE_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_LIMIT)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'is not a cursor this API gave out' })
  cursor?: string;
}

/** The page request an agent receives (from this class or from a query built on PageQueryShape, ADR 182). */
export function toPageQuery(q: { limit?: number; cursor?: string }): PageQuery {
  return { limit: q.limit ?? DEFAULT_PAGE_LIMIT, cursor: q.cursor ?? null };
}
