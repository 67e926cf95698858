import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CreatedTokenDto, CreateTokenDto, TokenListDto } from '../dtos/tokens.dto';
import { uuidParam } from '../http/actor';
import { CurrentUser, type CurrentUserInfo } from '../http/current-user';
import { PersonalAccessTokensService, type TokenView } from '../services/personal-access-tokens.service';

/** Personal access tokens of the signed-in user (ADR 117). Managed with a session only, never with a token. */
@ApiTags('auth')
@ApiBearerAuth()
@ApiForbiddenResponse({ description: 'A personal access token cannot manage tokens: sign in' })
@Controller('tokens')
export class TokensController {
  constructor(private readonly tokens: PersonalAccessTokensService) {}

  @Post()
  @ApiOperation({ summary: 'Create a personal access token: `Authorization: Bearer mt_pat_…` on the API, with the given scopes and brands' })
  @ApiCreatedResponse({ type: CreatedTokenDto, description: 'The token is in `token`, shown this once' })
  create(@CurrentUser() user: CurrentUserInfo, @Body() dto: CreateTokenDto): Promise<TokenView & { token: string }> {
    return this.tokens.create(user, dto);
  }

  @Get()
  @ApiOperation({ summary: 'The live tokens of the caller (never the tokens themselves)' })
  @ApiOkResponse({ type: TokenListDto })
  list(@CurrentUser() user: CurrentUserInfo): Promise<{ items: TokenView[]; nextCursor: null }> {
    return this.tokens.list(user);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a token: refused at once on every gateway' })
  @ApiNoContentResponse({ description: 'Revoked' })
  @ApiNotFoundResponse({ description: 'No such token of yours' })
  revoke(@CurrentUser() user: CurrentUserInfo, @Param('id', uuidParam()) id: string): Promise<void> {
    return this.tokens.revoke(user, id);
  }
}
