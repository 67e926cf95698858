import { ApiProperty } from '@nestjs/swagger';
import {
  BoardListShape,
  ConnectionShape,
  CreateConnectionShape,
  OAuthStartQueryShape,
  OAuthStartShape,
  PageQueryShape,
  UpdateConnectionShape,
  uuidField,
} from '@mt/messages';
import { PLATFORM_IDS } from '@mt/ai';
import { zodDto } from '../http/zod-dto';

/** The connection routes' bodies, queries and answers: the shapes of libs/messages (ADR 182, ADR 189). */

/** POST /connections. */
export class CreateConnectionDto extends zodDto(CreateConnectionShape) {}

/** GET /connections?brandId=: the list convention plus the brand. */
export class ListConnectionsQuery extends zodDto(PageQueryShape.extend({ brandId: uuidField() })) {}

/** GET /connections/{platform}/oauth/start?brandId=. */
export class OAuthStartQuery extends zodDto(OAuthStartQueryShape) {}

export class ConnectionDto extends zodDto(ConnectionShape) {}

/** PATCH /connections/{id}: the board of a Pinterest connection (ADR 207). */
export class UpdateConnectionDto extends zodDto(UpdateConnectionShape) {}

/** GET /connections/{id}/boards (ADR 207). */
export class BoardListDto extends zodDto(BoardListShape) {}

export class ConnectionPageDto {
  @ApiProperty({ type: [ConnectionDto] }) items!: ConnectionDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class OAuthStartDto extends zodDto(OAuthStartShape) {}

class PlatformLimitsDto {
  @ApiProperty() maxLength!: number;
  @ApiProperty({ enum: ['characters', 'graphemes'] }) lengthUnit!: string;
  @ApiProperty({ example: { min: 0, max: 2 } }) hashtags!: { min: number; max: number };
  @ApiProperty({ enum: ['inline', 'discouraged', 'none'] }) links!: string;
  @ApiProperty() longForm!: boolean;
}

export class PlatformDto {
  @ApiProperty({ enum: PLATFORM_IDS }) id!: string;
  @ApiProperty() label!: string;
  @ApiProperty({ enum: ['oauth', 'token', 'webhook'] }) authKind!: string;
  @ApiProperty({ description: 'false when this server lacks what the platform needs (an OAuth client id and secret)' }) configured!: boolean;
  @ApiProperty({ type: PlatformLimitsDto }) limits!: PlatformLimitsDto;
  @ApiProperty({ type: [String] }) credentialFields!: string[];
  @ApiProperty({ type: [String] }) configFields!: string[];
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'The media a post may carry: image and video (types, maxBytes, maxCount, and where the platform states them maxDurationS, minDurationS, aspectRatio, minFrameRate, maxFrameRate, minSidePx, maxSidePx, sendAs; null when the platform or this app takes none), mixed, altText, required, titleMaxLength, source',
    example: {
      image: { types: ['image/jpeg', 'image/png'], maxBytes: 1000000, maxCount: 4 },
      video: null,
      mixed: false,
      altText: { required: true, maxLength: 2000 },
      source: 'docs.bsky.app',
    },
  })
  media!: Record<string, unknown>;
}
