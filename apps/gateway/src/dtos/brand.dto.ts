import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  IsTimeZone,
  IsUrl,
  Length,
  Matches,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { BRAND_LIMITS, BRAND_ROLES, type BrandRole } from '@mt/messages';

const L = BRAND_LIMITS;
const NOT_BLANK = /\S/;

/** A list field: present → an array of distinct, short, non-empty strings (null is not a list). */
function ListField(limits: { items: number; itemMax: number }, example: string[]): PropertyDecorator {
  return (target, key) => {
    ApiPropertyOptional({ type: [String], maxItems: limits.items, example, description: `at most ${limits.items} items of 1–${limits.itemMax} characters` })(
      target,
      key,
    );
    ValidateIf((o: Record<string | symbol, unknown>) => o[key] !== undefined)(target, key);
    IsArray()(target, key);
    ArrayMaxSize(limits.items)(target, key);
    ArrayUnique()(target, key);
    IsString({ each: true })(target, key);
    Length(1, limits.itemMax, { each: true })(target, key);
  };
}

/** An optional text field: a string, or null to clear it. */
function TextField(max: number, example: string): PropertyDecorator {
  return (target, key) => {
    ApiPropertyOptional({ type: String, nullable: true, maxLength: max, example })(target, key);
    IsOptional()(target, key);
    IsString()(target, key);
    MaxLength(max)(target, key);
  };
}

/** The fields of a brand other than its name, shared by create and update. */
export class BrandFieldsDto {
  @TextField(L.industry.max, 'Specialty coffee')
  industry?: string | null;

  @TextField(L.description.max, 'A neighbourhood roastery selling single-origin beans online.')
  description?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: L.website.max, example: 'https://example.com' })
  @IsOptional()
  @IsString()
  @MaxLength(L.website.max)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { message: 'must be an http(s) URL' })
  website?: string | null;

  @TextField(L.audience.max, 'Home baristas, 25–45, who care where their coffee comes from')
  audience?: string | null;

  @TextField(L.tone.max, 'Warm, knowledgeable, never snobbish')
  tone?: string | null;

  @ListField(L.values, ['traceability', 'craft'])
  values?: string[];

  @ListField(L.bannedWords, ['cheap'])
  bannedWords?: string[];

  @ListField(L.pillars, ['brewing guides', 'origin stories'])
  pillars?: string[];

  @ListField(L.competitors, ['Blue Bottle'])
  competitors?: string[];

  @ApiPropertyOptional({ example: 'Europe/Paris', default: 'UTC', description: 'IANA time zone name' })
  @ValidateIf((o: BrandFieldsDto) => o.timezone !== undefined)
  @IsString()
  @MaxLength(L.timezone.max)
  @IsTimeZone({ message: 'must be an IANA time zone name such as Europe/Paris' })
  timezone?: string;
}

/** POST /brands. */
export class CreateBrandDto extends BrandFieldsDto {
  @ApiProperty({ minLength: L.name.min, maxLength: L.name.max, example: 'Northside Coffee' })
  @IsString()
  @Length(L.name.min, L.name.max)
  @Matches(NOT_BLANK, { message: 'must not be blank' })
  name!: string;
}

/** PATCH /brands/{id}: the fields to change; null clears an optional text field. */
export class UpdateBrandDto extends BrandFieldsDto {
  @ApiPropertyOptional({ minLength: L.name.min, maxLength: L.name.max })
  @ValidateIf((o: UpdateBrandDto) => o.name !== undefined)
  @IsString()
  @Length(L.name.min, L.name.max)
  @Matches(NOT_BLANK, { message: 'must not be blank' })
  name?: string;
}

export class BrandDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, nullable: true }) industry!: string | null;
  @ApiProperty({ type: String, nullable: true }) description!: string | null;
  @ApiProperty({ type: String, nullable: true }) website!: string | null;
  @ApiProperty({ type: String, nullable: true }) audience!: string | null;
  @ApiProperty({ type: String, nullable: true }) tone!: string | null;
  @ApiProperty({ type: [String] }) values!: string[];
  @ApiProperty({ type: [String] }) bannedWords!: string[];
  @ApiProperty({ type: [String] }) pillars!: string[];
  @ApiProperty({ type: [String] }) competitors!: string[];
  @ApiProperty({ example: 'UTC' }) timezone!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ enum: BRAND_ROLES, description: "the caller's role on the brand" }) role!: BrandRole;
}

export class BrandPageDto {
  @ApiProperty({ type: [BrandDto] }) items!: BrandDto[];
  @ApiProperty({ type: String, nullable: true, description: 'pass as ?cursor= for the next page; null on the last' })
  nextCursor!: string | null;
}

/** POST /brands/{id}/members: adds a registered user, or changes the role of a member. */
/** An invitation: the address gets a mail (and, if it has an account, an in-app notice) to accept. */
export class InviteMemberDto {
  @ApiProperty({ example: 'sam@example.com', description: 'the address to invite; it need not have an account' })
  @IsString()
  @MaxLength(254)
  @IsEmail({}, { message: 'must be an email address' })
  email!: string;

  @ApiProperty({ enum: BRAND_ROLES, description: 'the role the invitee gets on accepting' })
  @IsIn(BRAND_ROLES)
  role!: BrandRole;
}

export class ChangeMemberRoleDto {
  @ApiProperty({ enum: BRAND_ROLES })
  @IsIn(BRAND_ROLES)
  role!: BrandRole;
}

export class InvitationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) brandId!: string;
  @ApiProperty() brandName!: string;
  @ApiProperty({ description: 'the invited address, lower-cased; says nothing of whether it has an account' }) email!: string;
  @ApiProperty({ enum: BRAND_ROLES }) role!: BrandRole;
  @ApiProperty({ enum: ['pending', 'accepted', 'revoked', 'expired'] }) status!: string;
  @ApiProperty({ type: String, nullable: true, description: 'the name (or email) of the owner who invited' }) invitedBy!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', description: 'the invitation cannot be accepted after this' }) expiresAt!: string;
}

export class InvitationPageDto {
  @ApiProperty({ type: [InvitationDto] }) items!: InvitationDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class AcceptedInvitationDto {
  @ApiProperty({ format: 'uuid' }) brandId!: string;
  @ApiProperty() brandName!: string;
  @ApiProperty({ enum: BRAND_ROLES, description: "the caller's role on the brand now" }) role!: BrandRole;
}

export class MemberDto {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty({ type: String, nullable: true }) email!: string | null;
  @ApiProperty({ type: String, nullable: true }) name!: string | null;
  @ApiProperty({ enum: BRAND_ROLES }) role!: BrandRole;
  @ApiProperty({ format: 'date-time', description: 'when the user joined the brand' }) createdAt!: string;
}

export class MemberPageDto {
  @ApiProperty({ type: [MemberDto] }) items!: MemberDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
