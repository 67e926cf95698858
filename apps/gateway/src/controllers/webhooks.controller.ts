import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { MeshClient, PUBLISHING_TASKS, type WebhookDelivery, type WebhookDeliveryPage, type WebhookSubscription } from '@mt/messages';
import { uuidParam } from '../http/actor';
import { toPageQuery } from '../dtos/pagination.dto';
import { CreateWebhookDto, ListDeliveriesQuery, ListWebhooksQuery, WebhookDto } from '../dtos/webhook.dto';
import { Caller } from '../http/caller';

/** Outbound webhooks (publishing-agent): a brand's owners subscribe URLs to events; deliveries are signed, logged, replayable. */
@ApiTags('webhooks')
@ApiBearerAuth()
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly mesh: MeshClient) {}

  @ApiOperation({ summary: "Subscribe a URL to the brand's events" })
  @Post()
  @ApiCreatedResponse({ type: WebhookDto, description: 'the secret is in this answer only' })
  create(@Caller() caller: Caller, @Body() dto: CreateWebhookDto): Promise<WebhookSubscription> {
    return this.mesh.request(PUBLISHING_TASKS.createWebhook, { actor: caller.actor, ...dto }, caller);
  }

  @ApiOperation({ summary: 'Outbound webhook subscriptions of a brand' })
  @Get()
  @ApiOkResponse({ description: '{ items: Webhook[], nextCursor: null } (no secrets)' })
  list(@Caller() caller: Caller, @Query() q: ListWebhooksQuery): Promise<{ items: WebhookSubscription[]; nextCursor: null }> {
    return this.mesh.request(PUBLISHING_TASKS.listWebhooks, { actor: caller.actor, brandId: q.brandId }, caller);
  }

  @ApiOperation({ summary: 'Enable a webhook subscription again' })
  @Post(':id/enable')
  @HttpCode(200)
  @ApiOkResponse({ type: WebhookDto, description: 'turned on again; failures are counted afresh' })
  enable(@Caller() caller: Caller, @Param('id', uuidParam()) id: string): Promise<WebhookSubscription> {
    return this.mesh.request(PUBLISHING_TASKS.enableWebhook, { actor: caller.actor, webhookId: id }, caller);
  }

  @ApiOperation({ summary: 'Delete a webhook subscription' })
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  async remove(@Caller() caller: Caller, @Param('id', uuidParam()) id: string): Promise<void> {
    await this.mesh.request(PUBLISHING_TASKS.deleteWebhook, { actor: caller.actor, webhookId: id }, caller);
  }

  @ApiOperation({ summary: 'Deliveries of a webhook subscription' })
  @Get(':id/deliveries')
  @ApiOkResponse({ description: '{ items: WebhookDelivery[], nextCursor }, newest first' })
  deliveries(@Caller() caller: Caller, @Param('id', uuidParam()) id: string, @Query() q: ListDeliveriesQuery): Promise<WebhookDeliveryPage> {
    return this.mesh.request(PUBLISHING_TASKS.listWebhookDeliveries, { actor: caller.actor, webhookId: id, page: toPageQuery(q) }, caller);
  }

  @ApiOperation({ summary: 'Deliver a webhook event again' })
  @Post(':id/deliveries/:deliveryId/replay')
  @ApiCreatedResponse({ description: 'the new delivery (same webhook-id as the original)' })
  replay(
    @Caller() caller: Caller,
    @Param('id', uuidParam()) id: string,
    @Param('deliveryId', uuidParam('deliveryId')) deliveryId: string,
  ): Promise<WebhookDelivery> {
    return this.mesh.request(PUBLISHING_TASKS.replayWebhookDelivery, { actor: caller.actor, webhookId: id, deliveryId }, caller);
  }
}
