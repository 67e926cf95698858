import { ApiProperty } from '@nestjs/swagger';
import { AbTestShape, CreateAbTestShape } from '@mt/messages';
import { zodDto } from '../http/zod-dto';

/** The A/B test routes' body and answers: the shapes of libs/messages (ADR 182, 195). */

export class CreateAbTestDto extends zodDto(CreateAbTestShape) {}

export class AbTestDto extends zodDto(AbTestShape) {}

export class AbTestListDto {
  @ApiProperty({ type: [AbTestDto] }) items!: AbTestDto[];
  @ApiProperty({ nullable: true, type: String, description: 'always null: a content has few tests' }) nextCursor!: null;
}
