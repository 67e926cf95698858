import { ApiProperty } from '@nestjs/swagger';
import {
  AcceptedInvitationShape,
  BrandShape,
  ChangeMemberRoleShape,
  CreateBrandShape,
  InvitationShape,
  InviteMemberShape,
  MemberShape,
  UpdateBrandShape,
} from '@mt/messages';
import { zodDto } from '../http/zod-dto';

/** The brand routes' bodies and answers: the shapes of libs/messages (ADR 182). */

/** POST /brands. */
export class CreateBrandDto extends zodDto(CreateBrandShape) {}

/** PATCH /brands/{id}: the fields to change; null clears an optional text field. */
export class UpdateBrandDto extends zodDto(UpdateBrandShape) {}

export class BrandDto extends zodDto(BrandShape) {}

export class BrandPageDto {
  @ApiProperty({ type: [BrandDto] }) items!: BrandDto[];
  @ApiProperty({ type: String, nullable: true, description: 'pass as ?cursor= for the next page; null on the last' })
  nextCursor!: string | null;
}

/** POST /brands/{id}/invitations: the address gets a mail (and, if it has an account, an in-app notice) to accept. */
export class InviteMemberDto extends zodDto(InviteMemberShape) {}

/** PATCH /brands/{id}/members/{userId}: changes the role of a member. */
export class ChangeMemberRoleDto extends zodDto(ChangeMemberRoleShape) {}

export class InvitationDto extends zodDto(InvitationShape) {}

export class InvitationPageDto {
  @ApiProperty({ type: [InvitationDto] }) items!: InvitationDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class AcceptedInvitationDto extends zodDto(AcceptedInvitationShape) {}

export class MemberDto extends zodDto(MemberShape) {}

export class MemberPageDto {
  @ApiProperty({ type: [MemberDto] }) items!: MemberDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
