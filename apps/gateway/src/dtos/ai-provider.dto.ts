import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class AiProviderModelsDto {
  @ApiProperty({ example: 'claude-haiku-4-5', description: 'writes posts, variants and replies (AI_MODEL_CONTENT)' }) content!: string;
  @ApiProperty({ example: 'claude-sonnet-4-5', description: 'writes strategies, calendars and insights (AI_MODEL_STRATEGY)' }) strategy!: string;
}

export class AiProviderStatusDto {
  @ApiProperty({ example: 'anthropic', description: 'the AI_PROVIDER in force' }) provider!: string;
  @ApiProperty({ example: 'Anthropic' }) preset!: string;
  @ApiProperty({ enum: ['local', 'openai-compatible', 'anthropic', 'gemini'] }) api!: string;
  @ApiProperty({ description: 'true while the built-in engine (templates and NLP, no language model) writes everything' }) builtIn!: boolean;
  @ApiProperty({ enum: ['llm', 'local-engine'] }) engine!: string;
  @ApiProperty({ type: String, nullable: true, description: 'the endpoint, without credentials or query' }) baseUrl!: string | null;
  @ApiProperty({ type: AiProviderModelsDto }) models!: AiProviderModelsDto;
  @ApiProperty({ description: 'whether AI_API_KEY is set (never the key)' }) apiKeySet!: boolean;
  @ApiProperty({ enum: ['built-in', 'json_schema', 'json_object', 'tool_call', 'response_schema'] }) structuredOutput!: string;
  @ApiProperty() timeoutMs!: number;
  @ApiProperty() maxRetries!: number;
  @ApiProperty() concurrency!: number;
  @ApiPropertyOptional({ description: 'what the built-in engine is, while it is in use' }) notice?: string;
}

export class AiProviderTestDto {
  @ApiProperty({ enum: [true] }) ok!: true;
  @ApiProperty({ example: 'anthropic' }) provider!: string;
  @ApiProperty({ example: 'claude-haiku-4-5-20251001', description: 'the model that answered, as the provider named it' }) model!: string;
  @ApiProperty({ example: 412, description: 'round trip of one small call to the content model' }) latencyMs!: number;
  @ApiProperty({ enum: ['llm', 'local-engine'] }) engine!: string;
}
