import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsIn, IsUrl, IsUUID, MaxLength } from 'class-validator';
import { WEBHOOK_EVENT_TYPES } from '@mt/messages';
import { PageQueryDto } from './pagination.dto';

export class CreateWebhookDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  brandId!: string;

  @ApiProperty({ example: 'https://example.com/hooks/marketing' })
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  @MaxLength(2000)
  url!: string;

  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, isArray: true, example: ['content.published', 'content.publish_failed'] })
  @ArrayMinSize(1)
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length)
  @ArrayUnique()
  @IsIn(WEBHOOK_EVENT_TYPES as readonly string[] as string[], { each: true })
  events!: string[];
}

export class ListWebhooksQuery {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  brandId!: string;
}

export class ListDeliveriesQuery extends PageQueryDto {}

export class WebhookDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) brandId!: string;
  @ApiProperty() url!: string;
  @ApiProperty({ type: [String] }) events!: string[];
  @ApiProperty({ enum: ['active', 'disabled'], description: 'disabled: turned off after its deliveries failed for too long, or on a 410 Gone' }) status!:
    'active' | 'disabled';
  @ApiProperty({ type: String, nullable: true }) disabledReason!: string | null;
  @ApiProperty({ type: String, nullable: true }) disabledAt!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ required: false, description: 'whsec_… signing secret: only in the answer to POST, shown once' }) secret?: string;
}
