import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

/*
 * The gateway checks shapes and bounds; the password policy (length, classes, not the email…), the
 * email syntax and empty fields of a registration are auth-agent's, which answers every broken
 * rule of every field at once.
 */

export class RegisterDto {
  @ApiProperty({ example: 'ada@example.com', maxLength: 254, description: 'Stored lower-cased; unique' })
  @IsString()
  @MaxLength(320)
  email!: string;

  @ApiProperty({
    example: 'correct-Horse-battery',
    minLength: 10,
    maxLength: 128,
    description: '10–128 characters, at least two of: lower-case, upper-case, digits, symbols; not your email; not a common password',
  })
  @IsString()
  @MaxLength(1024)
  password!: string;

  @ApiProperty({ example: 'Ada Lovelace', minLength: 1, maxLength: 100 })
  @IsString()
  @MaxLength(1000)
  name!: string;
}

export class LoginDto {
  @ApiProperty({ example: 'ada@example.com' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(320)
  email!: string;

  @ApiProperty({ example: 'correct-Horse-battery' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1024)
  password!: string;
}

export class RefreshDto {
  @ApiProperty({ description: 'The refresh token of the last login or refresh; it is spent by this call' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(512)
  refreshToken!: string;
}

export class LogoutDto {
  @ApiPropertyOptional({ description: "The session's refresh token: its session ends too (it must be yours)" })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  refreshToken?: string;

  @ApiPropertyOptional({ description: 'End every session of your account (all devices), not only this one', default: false })
  @IsOptional()
  @IsBoolean()
  allSessions?: boolean;
}

export class UserDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'ada@example.com' }) email!: string;
  @ApiProperty({ example: 'Ada Lovelace' }) name!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class TokenPairDto {
  @ApiProperty({ description: 'JWT (HS256) to send as Authorization: Bearer <token>; short-lived' })
  accessToken!: string;

  @ApiProperty({ description: 'Opaque; exchange it at POST /auth/refresh for a new pair (each one works once)' })
  refreshToken!: string;

  @ApiProperty({ example: 900, description: 'Seconds until the access token expires' })
  expiresIn!: number;
}

export class AuthSessionDto extends TokenPairDto {
  @ApiProperty({ type: UserDto }) user!: UserDto;
}

export class PasswordResetRequestDto {
  @ApiProperty({ example: 'ada@example.com' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(320)
  email!: string;
}

export class PasswordResetRequestedDto {
  @ApiProperty({ enum: ['requested'], description: 'the same answer whether the address is registered or not' }) status!: string;
}

export class PasswordResetConfirmDto {
  @ApiProperty({ description: 'the token of the link in the mail; it works once, for 30 minutes' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  token!: string;

  @ApiProperty({ description: 'the new password, under the same policy as registration' })
  @IsString()
  @MaxLength(1024)
  password!: string;
}
