import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { MeshClient, PUBLISHING_TASKS, type WebhookDelivery, type WebhookDeliveryPage, type WebhookSubscription } from '@mt/messages';
import { actorOf, traceOf, uuidParam } from '../http/actor';
import { toPageQuery } from '../dtos/pagination.dto';
import { CreateWebhookDto, ListDeliveriesQuery, ListWebhooksQuery, WebhookDto } from '../dtos/webhook.dto';

/** Outbound webhooks (publishing-agent): a brand's owners subscribe URLs to events; deliveries are signed, logged, replayable. */
@ApiTags('webhooks')
@ApiBearerAuth()
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly mesh: MeshClient) {}

  @Post()
  @ApiCreatedResponse({ type: WebhookDto, description: 'the secret is in this answer only' })
  create(@Req() req: Request, @Body() dto: CreateWebhookDto): Promise<WebhookSubscription> {
    return this.mesh.request(PUBLISHING_TASKS.createWebhook, { actor: actorOf(req), ...dto }, { parent: traceOf(req) });
  }

  @Get()
  @ApiOkResponse({ description: '{ items: Webhook[], nextCursor: null } (no secrets)' })
  list(@Req() req: Request, @Query() q: ListWebhooksQuery): Promise<{ items: WebhookSubscription[]; nextCursor: null }> {
    return this.mesh.request(PUBLISHING_TASKS.listWebhooks, { actor: actorOf(req), brandId: q.brandId }, { parent: traceOf(req) });
  }

  @Post(':id/enable')
  @HttpCode(200)
  @ApiOkResponse({ type: WebhookDto, description: 'turned on again; failures are counted afresh' })
  enable(@Req() req: Request, @Param('id', uuidParam()) id: string): Promise<WebhookSubscription> {
    return this.mesh.request(PUBLISHING_TASKS.enableWebhook, { actor: actorOf(req), webhookId: id }, { parent: traceOf(req) });
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  async remove(@Req() req: Request, @Param('id', uuidParam()) id: string): Promise<void> {
    await this.mesh.request(PUBLISHING_TASKS.deleteWebhook, { actor: actorOf(req), webhookId: id }, { parent: traceOf(req) });
  }

  @Get(':id/deliveries')
  @ApiOkResponse({ description: '{ items: WebhookDelivery[], nextCursor }, newest first' })
  deliveries(@Req() req: Request, @Param('id', uuidParam()) id: string, @Query() q: ListDeliveriesQuery): Promise<WebhookDeliveryPage> {
    return this.mesh.request(
      PUBLISHING_TASKS.listWebhookDeliveries,
      { actor: actorOf(req), webhookId: id, page: toPageQuery(q) },
      { parent: traceOf(req) },
    );
  }

  @Post(':id/deliveries/:deliveryId/replay')
  @ApiCreatedResponse({ description: 'the new delivery (same webhook-id as the original)' })
  replay(
    @Req() req: Request,
    @Param('id', uuidParam()) id: string,
    @Param('deliveryId', uuidParam('deliveryId')) deliveryId: string,
  ): Promise<WebhookDelivery> {
    return this.mesh.request(PUBLISHING_TASKS.replayWebhookDelivery, { actor: actorOf(req), webhookId: id, deliveryId }, { parent: traceOf(req) });
  }
}
