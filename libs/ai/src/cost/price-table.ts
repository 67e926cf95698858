import type { ModelPrice } from '../config/ai.config';
import type { ChatMessage } from '../prompt/prompt-builder';

const FREE: ModelPrice = { inPerMTok: 0, outPerMTok: 0 };

/** Price of a model; "*" is the configured fallback; an unpriced self-hosted model is free. */
export function priceFor(prices: Readonly<Record<string, ModelPrice>>, model: string): ModelPrice {
  return prices[model] ?? prices['*'] ?? FREE;
}

/** USD, rounded to 1e-8 (the precision of ai_log.cost_usd). */
export function costUsd(price: ModelPrice, tokensIn: number, tokensOut: number): number {
  return Math.round(((tokensIn * price.inPerMTok + tokensOut * price.outPerMTok) / 1_000_000) * 1e8) / 1e8;
}

/**
 * Upper estimate of prompt tokens without a tokenizer: ~3 characters per token (real English text
 * averages ~4; JSON and non-Latin text use more tokens), plus per-message overhead.
 */
export function estimatePromptTokens(messages: readonly ChatMessage[]): number {
  return messages.reduce((n, m) => n + Math.ceil(m.content.length / 3) + 4, 3);
}

/** The most one attempt can cost: the whole prompt plus the output ceiling. */
export function worstCaseCostUsd(price: ModelPrice, messages: readonly ChatMessage[], maxOutputTokens: number): number {
  return costUsd(price, estimatePromptTokens(messages), maxOutputTokens);
}
