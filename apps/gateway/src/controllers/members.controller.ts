import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  type AddMemberPayload,
  type AddMemberResult,
  BRAND_TASKS,
  type ListMembersPayload,
  type Member,
  type MemberPage,
  MeshClient,
  type RemoveMemberPayload,
} from '@mt/messages';
import { AddMemberDto, MemberDto, MemberPageDto } from '../dtos/brand.dto';
import { PageQueryDto, toPageQuery } from '../dtos/pagination.dto';
import { actorOf, traceOf, uuidParam } from '../http/actor';

const NOT_YOURS = 'No such brand, or you have no role in it (its existence is not revealed)';

/** Who may act on a brand: members read the list, owners add, re-role and remove members. */
@ApiTags('brands')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Missing, invalid or expired access token' })
@ApiBadRequestResponse({ description: 'Invalid input: field errors in `errors`; a path id that is not a UUID' })
@ApiNotFoundResponse({ description: NOT_YOURS })
@Controller('brands/:id/members')
export class MembersController {
  constructor(private readonly mesh: MeshClient) {}

  @Get()
  @ApiOperation({ summary: "The brand's members, in the order they joined (any member)" })
  @ApiOkResponse({ type: MemberPageDto })
  list(@Req() req: Request, @Param('id', uuidParam()) id: string, @Query() q: PageQueryDto): Promise<MemberPage> {
    const payload: ListMembersPayload = { actor: actorOf(req), brandId: id, page: toPageQuery(q) };
    return this.mesh.request(BRAND_TASKS.listMembers, payload, { parent: traceOf(req) });
  }

  @Post()
  @ApiOperation({ summary: 'Add a registered user by email (owner); for a member already there, set their role' })
  @ApiCreatedResponse({ type: MemberDto, description: 'The user was added' })
  @ApiOkResponse({ type: MemberDto, description: 'The user was already a member; their role is now the one given' })
  @ApiForbiddenResponse({ description: 'Only owners manage members' })
  @ApiConflictResponse({ description: 'This would leave the brand without an owner' })
  @ApiUnprocessableEntityResponse({ description: 'No registered user has this email (UNPROCESSABLE, field error on email)' })
  async add(
    @Req() req: Request,
    @Param('id', uuidParam()) id: string,
    @Body() dto: AddMemberDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Member> {
    const payload: AddMemberPayload = { actor: actorOf(req), brandId: id, email: dto.email, role: dto.role };
    const { member, created } = await this.mesh.request<AddMemberResult>(BRAND_TASKS.addMember, payload, { parent: traceOf(req) });
    res.status(created ? 201 : 200);
    return member;
  }

  @Delete(':userId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a member (owner); the last owner cannot be removed' })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiForbiddenResponse({ description: 'Only owners manage members' })
  @ApiConflictResponse({ description: 'The last owner of a brand cannot be removed' })
  async remove(@Req() req: Request, @Param('id', uuidParam()) id: string, @Param('userId', uuidParam('userId')) userId: string): Promise<void> {
    const payload: RemoveMemberPayload = { actor: actorOf(req), brandId: id, userId };
    await this.mesh.request(BRAND_TASKS.removeMember, payload, { parent: traceOf(req) });
  }
}
