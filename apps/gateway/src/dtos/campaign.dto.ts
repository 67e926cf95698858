import { CampaignShape, CreateCampaignShape, PageQueryShape, UpdateCampaignShape, uuidField } from '@mt/messages';
import { zodDto } from '../http/zod-dto';

/** The campaign routes' bodies, query and answer: the shapes of libs/messages (ADR 182). */

/** POST /campaigns. */
export class CreateCampaignDto extends zodDto(CreateCampaignShape) {}

/** PATCH /campaigns/{id}: the fields to change. */
export class UpdateCampaignDto extends zodDto(UpdateCampaignShape) {}

/** GET /campaigns?brandId=: the list convention plus the brand. */
export class ListCampaignsQuery extends zodDto(PageQueryShape.extend({ brandId: uuidField() })) {}

export class CampaignDto extends zodDto(CampaignShape) {}
