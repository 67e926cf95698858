import { ApiProperty } from '@nestjs/swagger';
import { AdSetShape, CreateAdSetShape, RecordSpendShape, UpdateAdSetShape } from '@mt/messages';
import { zodDto } from '../http/zod-dto';

/** The ad set routes' bodies and answers: the shapes of libs/messages (ADR 182, 195). */

export class CreateAdSetDto extends zodDto(CreateAdSetShape) {}

export class UpdateAdSetDto extends zodDto(UpdateAdSetShape) {}

export class RecordSpendDto extends zodDto(RecordSpendShape) {}

export class AdSetDto extends zodDto(AdSetShape) {}

export class AdSetListDto {
  @ApiProperty({ type: [AdSetDto] }) items!: AdSetDto[];
  @ApiProperty({ nullable: true, type: String, description: 'always null: a campaign has few ad sets' }) nextCursor!: null;
}
