import { ApiProperty } from '@nestjs/swagger';
import { BrandStrategyShape, GenerateStrategyShape, UpdateStrategyShape } from '@mt/messages';
import { zodDto } from '../http/zod-dto';

/** The brand strategy routes' bodies and answers: the shapes of libs/messages (ADR 182, 199). */

/** POST /brands/{id}/strategy: the job's options; the body may be empty. */
export class GenerateStrategyDto extends zodDto(GenerateStrategyShape) {}

/** PUT /brands/{id}/strategy: the four main fields are required; left-out optional fields keep their current value. */
export class UpdateStrategyDto extends zodDto(UpdateStrategyShape) {}

export class BrandStrategyDto extends zodDto(BrandStrategyShape) {}

export class BrandStrategyPageDto {
  @ApiProperty({ type: [BrandStrategyDto] }) items!: BrandStrategyDto[];
  @ApiProperty({ nullable: true }) nextCursor!: string | null;
}
