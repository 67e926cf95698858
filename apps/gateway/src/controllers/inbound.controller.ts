import { Controller, Headers, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from '../http/fastify-request';
import { type InboundMessagePayload, MeshClient, PUBLISHING_TASKS } from '@mt/messages';
import { InboundAcceptedDto, InboundEndpointDto } from '../dtos/inbound.dto';
import { uuidParam } from '../http/actor';
import { Public } from '../http/current-user';
import { ReadsRawBody } from '../http/no-body.interceptor';
import { Caller } from '../http/caller';

/**
 * The inbound webhook of each connection (ADR 083): a channel posts customers' messages here,
 * signed the Standard Webhooks way with the secret minted for that connection. Public: the
 * signature is the credential, verified by publishing-agent.
 */
@ApiTags('inbox')
@Controller('inbound')
export class InboundController {
  constructor(private readonly mesh: MeshClient) {}

  @ApiOperation({ summary: 'Receive a customer message from a signed inbound webhook' })
  @Post(':connectionId')
  @Public()
  @ReadsRawBody()
  @HttpCode(200)
  @ApiHeader({ name: 'webhook-id', required: true })
  @ApiHeader({ name: 'webhook-timestamp', required: true, description: 'Unix seconds' })
  @ApiHeader({ name: 'webhook-signature', required: true, description: 'v1,<base64 HMAC-SHA256 of "id.timestamp.body">' })
  @ApiBody({ schema: { example: { type: 'message.received', timestamp: '2026-11-23T10:00:00Z', data: { author: '@ann', body: 'Do you ship to Canada?' } } } })
  @ApiOkResponse({ type: InboundAcceptedDto })
  receive(
    @Req() req: Request & { rawBody?: Buffer },
    @Caller() caller: Caller,
    @Param('connectionId', uuidParam('connectionId')) connectionId: string,
    @Headers('webhook-id') webhookId = '',
    @Headers('webhook-timestamp') webhookTimestamp = '',
    @Headers('webhook-signature') webhookSignature = '',
  ): Promise<{ id: string; duplicate: boolean }> {
    // The exact bytes when the body parser kept them; otherwise the parsed JSON written back
    // compactly, which is what senders that sign JSON.stringify output produce (ADR 083).
    const rawBody = req.rawBody ? req.rawBody.toString('utf8') : JSON.stringify(req.body ?? {});
    const payload: InboundMessagePayload = { connectionId, webhookId, webhookTimestamp, webhookSignature, rawBody };
    return this.mesh.request(PUBLISHING_TASKS.receiveInbound, payload, caller);
  }

  /** Mints the connection's inbound secret (owner, ADR 102); calling it again rotates the secret. */
  @ApiOperation({ summary: "Rotate the inbound webhook's signing secret" })
  @Post(':connectionId/secret')
  @ApiBearerAuth()
  @ApiCreatedResponse({ type: InboundEndpointDto })
  async secret(@Caller() caller: Caller, @Param('connectionId', uuidParam('connectionId')) connectionId: string): Promise<InboundEndpointDto> {
    const endpoint = await this.mesh.request(PUBLISHING_TASKS.inboundSecret, { actor: caller.actor, connectionId }, caller);
    return { ...endpoint, url: `/api/v1/inbound/${connectionId}` };
  }
}
