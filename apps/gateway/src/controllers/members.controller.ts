import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import {
  BRAND_TASKS,
  type ChangeMemberRolePayload,
  type ListMembersPayload,
  type Member,
  type MemberPage,
  MeshClient,
  type RemoveMemberPayload,
} from '@mt/messages';
import { ChangeMemberRoleDto, MemberDto, MemberPageDto } from '../dtos/brand.dto';
import { PageQueryDto, toPageQuery } from '../dtos/pagination.dto';
import { uuidParam } from '../http/actor';
import { Caller } from '../http/caller';

const NOT_YOURS = 'No such brand, or you have no role in it (its existence is not revealed)';

/** Who may act on a brand: members read the list, owners change roles and remove members (people join by invitation). */
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
  list(@Caller() caller: Caller, @Param('id', uuidParam()) id: string, @Query() q: PageQueryDto): Promise<MemberPage> {
    const payload: ListMembersPayload = { actor: caller.actor, brandId: id, page: toPageQuery(q) };
    return this.mesh.request(BRAND_TASKS.listMembers, payload, caller);
  }

  @Patch(':userId')
  @ApiOperation({ summary: "Change a member's role (owner); people join by invitation (POST /brands/{id}/invitations)" })
  @ApiOkResponse({ type: MemberDto })
  @ApiForbiddenResponse({ description: 'Only owners manage members' })
  @ApiConflictResponse({ description: 'This would leave the brand without an owner' })
  changeRole(
    @Caller() caller: Caller,
    @Param('id', uuidParam()) id: string,
    @Param('userId', uuidParam('userId')) userId: string,
    @Body() dto: ChangeMemberRoleDto,
  ): Promise<Member> {
    const payload: ChangeMemberRolePayload = { actor: caller.actor, brandId: id, userId, role: dto.role };
    return this.mesh.request(BRAND_TASKS.changeMemberRole, payload, caller);
  }

  @Delete(':userId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a member (owner); the last owner cannot be removed' })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiForbiddenResponse({ description: 'Only owners manage members' })
  @ApiConflictResponse({ description: 'The last owner of a brand cannot be removed' })
  async remove(@Caller() caller: Caller, @Param('id', uuidParam()) id: string, @Param('userId', uuidParam('userId')) userId: string): Promise<void> {
    const payload: RemoveMemberPayload = { actor: caller.actor, brandId: id, userId };
    await this.mesh.request(BRAND_TASKS.removeMember, payload, caller);
  }
}
