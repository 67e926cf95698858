import { ApiProperty } from '@nestjs/swagger';
import { GenerateInsightsShape, InsightShape, RecommendationShape } from '@mt/messages';
import { zodDto } from '../http/zod-dto';

/** The insight and recommendation routes' body and answers: the shapes of libs/messages (ADR 182, 195). */

/** POST /brands/{id}/insights: the body may be empty. */
export class GenerateInsightsDto extends zodDto(GenerateInsightsShape) {}

export class InsightDto extends zodDto(InsightShape) {}

export class InsightListDto {
  @ApiProperty({ type: [InsightDto] }) items!: InsightDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: null;
}

export class RecommendationDto extends zodDto(RecommendationShape) {}

export class RecommendationListDto {
  @ApiProperty({ type: [RecommendationDto] }) items!: RecommendationDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: null;
}
