import { CreateWebhookShape, ListWebhooksQueryShape, WebhookShape } from '@mt/messages';
import { zodDto } from '../http/zod-dto';
import { PageQueryDto } from './pagination.dto';

/** The webhook routes' bodies, queries and answer: the shapes of libs/messages (ADR 182, ADR 189). */

/** POST /webhooks. */
export class CreateWebhookDto extends zodDto(CreateWebhookShape) {}

/** GET /webhooks?brandId=. */
export class ListWebhooksQuery extends zodDto(ListWebhooksQueryShape) {}

export class ListDeliveriesQuery extends PageQueryDto {}

export class WebhookDto extends zodDto(WebhookShape) {}
