import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length, ValidateBy, type ValidationOptions } from 'class-validator';
import { PLATFORM_IDS } from '@mt/ai';
import { PageQueryDto } from './pagination.dto';

/** A flat object of short strings (credentials, config): no nesting, bounded size. */
function IsStringRecord(opts?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isStringRecord',
      validator: {
        validate: (v: unknown) =>
          typeof v === 'object' &&
          v !== null &&
          !Array.isArray(v) &&
          Object.keys(v).length <= 20 &&
          Object.entries(v).every(([k, x]) => /^[A-Za-z][A-Za-z0-9_]{0,49}$/.test(k) && typeof x === 'string' && x.length <= 8192),
        defaultMessage: () => 'must be an object of at most 20 string values',
      },
    },
    opts,
  );
}

export class CreateConnectionDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  brandId!: string;

  @ApiProperty({
    enum: PLATFORM_IDS,
    example: 'webhook',
    description: 'X, LinkedIn, Threads, Facebook and Instagram connect through /connections/{platform}/oauth/start',
  })
  @IsIn(PLATFORM_IDS as string[])
  platform!: string;

  @ApiPropertyOptional({ example: 'Shop announcements', maxLength: 200 })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  displayName?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    description:
      'Secrets, encrypted at rest and never returned: mastodon {accessToken}, bluesky {appPassword}, wordpress {applicationPassword}, medium {integrationToken}',
    example: { accessToken: '…' },
  })
  @IsOptional()
  @IsStringRecord()
  credentials?: Record<string, string>;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'webhook {url, secret}; mastodon {instanceUrl}; bluesky {handle}; wordpress {siteUrl, username}',
    example: { url: 'https://example.com/hooks/posts', secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' },
  })
  @IsOptional()
  @IsStringRecord()
  config?: Record<string, string>;
}

export class ListConnectionsQuery extends PageQueryDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  brandId!: string;
}

export class OAuthStartQuery {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  brandId!: string;
}

export class ConnectionDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) brandId!: string;
  @ApiProperty({ enum: PLATFORM_IDS }) platform!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: ['active', 'needs_reconnect', 'error', 'disconnected'] }) status!: string;
  @ApiProperty({ type: String, nullable: true, description: 'why the status is not active, in plain words' }) statusReason!: string | null;
  @ApiProperty({ type: String, nullable: true }) accountId!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'when the access token expires (refreshed before)' }) expiresAt!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class ConnectionPageDto {
  @ApiProperty({ type: [ConnectionDto] }) items!: ConnectionDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class OAuthStartDto {
  @ApiProperty({ description: "the platform's consent page: send the browser there" }) authorizeUrl!: string;
}

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
}
