import { AiProviderStatusShape, AiProviderTestShape } from '@mt/messages';
import { zodDto } from '../http/zod-dto';

/** The AI provider routes' answers: the shapes of libs/messages (ADR 182, 195). */

export class AiProviderStatusDto extends zodDto(AiProviderStatusShape) {}

export class AiProviderTestDto extends zodDto(AiProviderTestShape) {}
