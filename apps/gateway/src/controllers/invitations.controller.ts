import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request } from '../http/fastify-request';
import {
  type AcceptInvitationPayload,
  type AcceptInvitationResult,
  BRAND_TASKS,
  type Invitation,
  type InviteMemberPayload,
  type ListInvitationsPayload,
  type ListMyInvitationsPayload,
  MeshClient,
  type Page,
  type RevokeInvitationPayload,
} from '@mt/messages';
import { AcceptedInvitationDto, InvitationDto, InvitationPageDto, InviteMemberDto } from '../dtos/brand.dto';
import { PageQueryDto, toPageQuery } from '../dtos/pagination.dto';
import { uuidParam } from '../http/actor';
import { ProblemError } from '../http/problem';
import { Caller } from '../http/caller';

/** The caller's email as the access token carries it (verified at sign-in). */
function emailOf(req: Request): string {
  if (!req.user) throw new ProblemError('UNAUTHENTICATED', 'Sign in first.');
  return req.user.email;
}

/**
 * Invitations (ADR 115): owners invite an address, which is told by mail (and in the app when it
 * has an account); the invitee accepts, signed in with that address. No answer says whether an
 * address has an account.
 */
@ApiTags('brands')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Missing, invalid or expired access token' })
@ApiBadRequestResponse({ description: 'Invalid input: field errors in `errors`; a path id that is not a UUID' })
@Controller()
export class InvitationsController {
  constructor(private readonly mesh: MeshClient) {}

  @Post('brands/:id/invitations')
  @ApiOperation({
    summary: 'Invite an address to the brand with a role (owner)',
    description:
      'Answers 201 with the invitation whether or not the address has an account: the same status, the same fields. ' +
      'The address gets a mail with a single-use link; an account with that address also sees the invitation in the app. ' +
      'A new invitation to the same address replaces the pending one.',
  })
  @ApiCreatedResponse({ type: InvitationDto })
  @ApiForbiddenResponse({ description: 'Only owners invite' })
  @ApiNotFoundResponse({ description: 'No such brand, or you have no role in it' })
  invite(@Caller() caller: Caller, @Param('id', uuidParam()) id: string, @Body() dto: InviteMemberDto): Promise<Invitation> {
    const payload: InviteMemberPayload = { actor: caller.actor, brandId: id, email: dto.email, role: dto.role };
    return this.mesh.request(BRAND_TASKS.invite, payload, caller);
  }

  @Get('brands/:id/invitations')
  @ApiOperation({ summary: "The brand's pending invitations, newest first (owner)" })
  @ApiOkResponse({ type: InvitationPageDto })
  @ApiForbiddenResponse({ description: 'Only owners see invitations' })
  @ApiNotFoundResponse({ description: 'No such brand, or you have no role in it' })
  listOfBrand(@Caller() caller: Caller, @Param('id', uuidParam()) id: string, @Query() q: PageQueryDto): Promise<Page<Invitation>> {
    const payload: ListInvitationsPayload = { actor: caller.actor, brandId: id, page: toPageQuery(q) };
    return this.mesh.request(BRAND_TASKS.listInvitations, payload, caller);
  }

  @Get('invitations')
  @ApiOperation({ summary: "The pending invitations addressed to the caller's email" })
  @ApiOkResponse({ type: InvitationPageDto })
  mine(@Req() req: Request, @Caller() caller: Caller, @Query() q: PageQueryDto): Promise<Page<Invitation>> {
    const payload: ListMyInvitationsPayload = { actor: caller.actor, email: emailOf(req), page: toPageQuery(q) };
    return this.mesh.request(BRAND_TASKS.listMyInvitations, payload, caller);
  }

  @Post('invitations/:token/accept')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Accept an invitation addressed to the caller: join its brand with its role',
    description:
      'The token from the mailed link, or (in the app) the invitation id from GET /invitations. Either way the invitation must be addressed to the email of the signed-in account.',
  })
  @ApiParam({ name: 'token', description: 'the mailed token, or the invitation id' })
  @ApiOkResponse({ type: AcceptedInvitationDto })
  @ApiNotFoundResponse({ description: 'No pending invitation for the caller with this token or id (used, revoked, expired, or addressed to another email)' })
  @ApiConflictResponse({ description: 'Accepting would leave the brand without an owner' })
  accept(@Req() req: Request, @Caller() caller: Caller, @Param('token') token: string): Promise<AcceptInvitationResult> {
    const payload: AcceptInvitationPayload = { actor: caller.actor, email: emailOf(req), key: token };
    return this.mesh.request(BRAND_TASKS.acceptInvitation, payload, caller);
  }

  @Delete('invitations/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a pending invitation (owner of its brand): its link stops working at once' })
  @ApiNoContentResponse({ description: 'Revoked' })
  @ApiForbiddenResponse({ description: 'Only owners revoke invitations' })
  @ApiNotFoundResponse({ description: 'No such invitation in a brand of yours' })
  @ApiConflictResponse({ description: 'Already accepted: remove the member instead' })
  async revoke(@Caller() caller: Caller, @Param('id', uuidParam()) id: string): Promise<void> {
    const payload: RevokeInvitationPayload = { actor: caller.actor, invitationId: id };
    await this.mesh.request(BRAND_TASKS.revokeInvitation, payload, caller);
  }
}
