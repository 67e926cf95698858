import { ApiProperty } from '@nestjs/swagger';

export class InboundEndpointDto {
  @ApiProperty({ format: 'uuid' }) connectionId!: string;
  @ApiProperty({ format: 'uuid' }) brandId!: string;
  @ApiProperty({ description: "the connection's platform: the channel of its messages" }) channel!: string;
  @ApiProperty({ example: '/api/v1/inbound/6f1c…', description: 'where the channel posts its messages' }) url!: string;
  @ApiProperty({ example: 'whsec_…', description: 'shown once; minting again rotates it' }) secret!: string;
  @ApiProperty() createdAt!: string;
}

export class InboundAcceptedDto {
  @ApiProperty({ format: 'uuid', description: 'the stored message' }) id!: string;
  @ApiProperty({ description: 'true when this webhook-id was delivered before (stored once)' }) duplicate!: boolean;
}
