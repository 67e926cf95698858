import { ApiProperty } from '@nestjs/swagger';
import { VoiceFeedbackQueryShape, VoiceFeedbackShape, VoiceProfileShape, VoiceProfileVersionShape, VoiceSamplesShape } from '@mt/messages';
import { zodDto } from '../http/zod-dto';

/** The voice routes' body, query and answers: the shapes of libs/messages (ADR 182, 199). */

/** POST /brands/{id}/voice/samples. */
export class VoiceSamplesDto extends zodDto(VoiceSamplesShape) {}

export class VoiceProfileDto extends zodDto(VoiceProfileShape) {}

/** GET /brands/{id}/voice/feedback: the list convention plus the kind. */
export class VoiceFeedbackQuery extends zodDto(VoiceFeedbackQueryShape) {}

export class VoiceFeedbackDto extends zodDto(VoiceFeedbackShape) {}

export class VoiceFeedbackPageDto {
  @ApiProperty({ type: [VoiceFeedbackDto] }) items!: VoiceFeedbackDto[];
  @ApiProperty({ nullable: true }) nextCursor!: string | null;
}

export class VoiceProfileVersionDto extends zodDto(VoiceProfileVersionShape) {}

export class VoiceProfileVersionPageDto {
  @ApiProperty({ type: [VoiceProfileVersionDto] }) items!: VoiceProfileVersionDto[];
  @ApiProperty({ nullable: true }) nextCursor!: string | null;
}
