import { ApiProperty } from '@nestjs/swagger';
import { AiBudgetShape, AiLogShape, AiLogsQueryShape, AiUsageQueryShape, AiUsageShape, SetAiBudgetShape } from '@mt/messages';
import { zodDto } from '../http/zod-dto';

/** The AI usage routes' bodies, queries and answers: the shapes of libs/messages (ADR 182, 195). */

export class AiUsageQuery extends zodDto(AiUsageQueryShape) {}

export class AiLogsQuery extends zodDto(AiLogsQueryShape) {}

export class SetAiBudgetDto extends zodDto(SetAiBudgetShape) {}

export class AiBudgetDto extends zodDto(AiBudgetShape) {}

export class AiUsageDto extends zodDto(AiUsageShape) {}

export class AiLogDto extends zodDto(AiLogShape) {}

export class AiLogPageDto {
  @ApiProperty({ type: [AiLogDto] }) items!: AiLogDto[];
  @ApiProperty({ nullable: true }) nextCursor!: string | null;
}
