import { ApiProperty } from '@nestjs/swagger';
import { CreatedTokenShape, CreateTokenShape, TokenShape } from '@mt/messages';
import { zodDto } from '../http/zod-dto';

/** The token routes' shapes come from libs/messages (ADR 190). */
export class CreateTokenDto extends zodDto(CreateTokenShape) {}
export class TokenDto extends zodDto(TokenShape) {}
export class CreatedTokenDto extends zodDto(CreatedTokenShape) {}

export class TokenListDto {
  @ApiProperty({ type: [TokenDto] }) items!: TokenDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: null;
}
