import { InboundAcceptedShape, InboundEndpointShape } from '@mt/messages';
import { zodDto } from '../http/zod-dto';

/** The inbound webhook routes' answers come from libs/messages (ADR 190). */
export class InboundEndpointDto extends zodDto(InboundEndpointShape) {}
export class InboundAcceptedDto extends zodDto(InboundAcceptedShape) {}
