import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { IsMoney, MAX_MONEY_COLUMN } from '../http/validation';
import { TOKEN_SCOPES, type TokenScope } from '../repositories/personal-access-token.repository';

export class CreateTokenDto {
  @ApiProperty({ example: 'n8n automations', description: 'to recognise the token in the list' })
  @IsString()
  @Length(1, 100)
  @Matches(/\S/, { message: 'must not be blank' })
  name!: string;

  @ApiProperty({ enum: TOKEN_SCOPES, isArray: true, description: 'read: GET routes; write: other changes; publish: schedule and publish; ai: start AI jobs' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(TOKEN_SCOPES, { each: true })
  scopes!: TokenScope[];

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'only these brands (each must be one of yours); omitted: all of your brands' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  brandIds?: string[];

  @ApiPropertyOptional({
    type: Number,
    minimum: 0,
    maximum: MAX_MONEY_COLUMN,
    example: 5,
    description:
      "the token's own monthly AI budget in USD (UTC month): once its jobs have cost this much, it starts no AI job (402 AI_BUDGET_EXCEEDED); omitted: only the brands' budgets apply",
  })
  @IsOptional()
  @IsMoney({ min: 0 })
  aiBudgetUsd?: number;

  @ApiPropertyOptional({ format: 'date-time', description: 'when the token stops working (within a year); omitted: until revoked' })
  @IsOptional()
  @IsISO8601({ strict: true })
  expiresAt?: string;
}

export class TokenDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: 'mt_pat_AbCd', description: 'the first characters of the token' }) prefix!: string;
  @ApiProperty({ enum: TOKEN_SCOPES, isArray: true }) scopes!: TokenScope[];
  @ApiProperty({ type: [String], nullable: true, description: 'null: every brand of the user' }) brandIds!: string[] | null;
  @ApiProperty({ type: Number, nullable: true, description: "the token's own monthly AI budget in USD; null: none" }) aiBudgetUsd!: number | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastUsedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) expiresAt!: string | null;
}

export class CreatedTokenDto extends TokenDto {
  @ApiProperty({
    example: 'mt_pat_…',
    description: 'the token: shown this once, never again (a replay of the request answers 409 IDEMPOTENT_SECRET_NOT_REPLAYED)',
  })
  token!: string;
}

export class TokenListDto {
  @ApiProperty({ type: [TokenDto] }) items!: TokenDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: null;
}
