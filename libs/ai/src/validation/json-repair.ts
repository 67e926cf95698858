import { jsonrepair } from 'jsonrepair';

export type JsonParseResult = { ok: true; value: unknown; repaired: boolean } | { ok: false; problem: string };

const FENCE = /```(?:json|JSON)?\s*\n?([\s\S]*?)(?:```|$)/;

/**
 * Parse a model answer as JSON, repairing what models commonly get wrong: code fences, prose around
 * the object, trailing commas, single quotes, comments, and output cut off mid-array by a token limit.
 */
export function parseModelJson(raw: string): JsonParseResult {
  let text = raw.trim();
  const fenced = FENCE.exec(text);
  if (fenced) text = fenced[1].trim();
  const start = text.search(/[{[]/);
  // jsonrepair would happily turn prose into a JSON string; an answer must at least contain an object.
  if (start < 0) return { ok: false, problem: 'the answer contains no JSON object' };
  if (start > 0) text = text.slice(start);
  try {
    return { ok: true, value: JSON.parse(text), repaired: text !== raw };
  } catch {
    // fall through to repair
  }
  try {
    const value: unknown = JSON.parse(jsonrepair(text));
    return { ok: true, value, repaired: true };
  } catch (err) {
    return { ok: false, problem: `the answer is not JSON and could not be repaired (${(err as Error).message.slice(0, 120)})` };
  }
}
