import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, Length } from 'class-validator';
import { VOICE_FEEDBACK_KINDS, VOICE_SAMPLE_LIMITS, type VoiceFeedbackKind } from '@mt/messages';
import { PageQueryDto } from './pagination.dto';

const S = VOICE_SAMPLE_LIMITS;

export class VoiceSamplesDto {
  @ApiProperty({
    type: [String],
    minItems: S.items.min,
    maxItems: S.items.max,
    description: `${S.items.min}–${S.items.max} texts in the brand's voice, each ${S.chars.min}–${S.chars.max} characters (posts, emails, web copy)`,
    example: ['We roast on Tuesdays so your beans arrive within four days of leaving the drum. Taste the difference.'],
  })
  @IsArray()
  @ArrayMinSize(S.items.min)
  @ArrayMaxSize(S.items.max)
  @IsString({ each: true })
  @Length(S.chars.min, S.chars.max, { each: true, message: `each sample must be ${S.chars.min} to ${S.chars.max} characters` })
  samples!: string[];
}

export class VoiceTraitDto {
  @ApiProperty() trait!: string;
  @ApiProperty() description!: string;
}
export class SentenceStyleDto {
  @ApiProperty() averageSentenceWords!: number;
  @ApiProperty({ enum: ['simple', 'standard', 'expert'] }) readingLevel!: string;
  @ApiProperty({ enum: ['none', 'sparing', 'frequent'] }) emojiPolicy!: string;
  @ApiPropertyOptional({ enum: ['first', 'second', 'third'], description: 'first: the brand says "we"; second: "you", never "we"; third: neither' })
  person?: string;
}
export class VocabularyDto {
  @ApiProperty({ type: [String] }) preferred!: string[];
  @ApiProperty({ type: [String], description: 'includes every banned word, and words the team keeps editing out' }) avoid!: string[];
}
export class VoiceProfileDto {
  @ApiProperty({ format: 'uuid' }) brandId!: string;
  @ApiProperty({ description: 'one paragraph: how the brand sounds' }) tone!: string;
  @ApiProperty({ type: [VoiceTraitDto] }) traits!: VoiceTraitDto[];
  @ApiProperty({ type: SentenceStyleDto }) sentenceStyle!: SentenceStyleDto;
  @ApiProperty({ type: VocabularyDto }) vocabulary!: VocabularyDto;
  @ApiProperty({ type: [String] }) dos!: string[];
  @ApiProperty({ type: [String] }) donts!: string[];
  @ApiProperty({ type: [String], description: 'lines in the voice: newest accepted posts and A/B winners first' }) examples!: string[];
  @ApiProperty() sampleCount!: number;
  @ApiProperty({ description: '+1 on every change (new samples, or the learning loop)' }) version!: number;
  @ApiProperty() updatedAt!: string;
}

export class VoiceFeedbackQuery extends PageQueryDto {
  @ApiPropertyOptional({ enum: VOICE_FEEDBACK_KINDS })
  @IsOptional()
  @IsIn(VOICE_FEEDBACK_KINDS as string[])
  kind?: VoiceFeedbackKind;
}

export class VoiceFeedbackDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) brandId!: string;
  @ApiProperty({ enum: VOICE_FEEDBACK_KINDS }) kind!: string;
  @ApiProperty({ format: 'uuid', nullable: true }) contentId!: string | null;
  @ApiProperty({ nullable: true }) text!: string | null;
  @ApiProperty({ nullable: true }) previousText!: string | null;
  @ApiProperty({ type: [String] }) removedWords!: string[];
  @ApiProperty({ type: [String] }) addedWords!: string[];
  @ApiProperty({ format: 'uuid', nullable: true }) by!: string | null;
  @ApiProperty({ nullable: true, description: 'the voice version this feedback produced; null when it changed nothing' }) voiceVersion!: number | null;
  @ApiProperty() createdAt!: string;
}
export class VoiceFeedbackPageDto {
  @ApiProperty({ type: [VoiceFeedbackDto] }) items!: VoiceFeedbackDto[];
  @ApiProperty({ nullable: true }) nextCursor!: string | null;
}

export class VoiceProfileVersionDto extends VoiceProfileDto {
  @ApiProperty({ enum: ['samples', 'feedback'], description: "'samples': a new analysis; 'feedback': the learning loop" }) source!: string;
}
export class VoiceProfileVersionPageDto {
  @ApiProperty({ type: [VoiceProfileVersionDto] }) items!: VoiceProfileVersionDto[];
  @ApiProperty({ nullable: true }) nextCursor!: string | null;
}
