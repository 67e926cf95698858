import { z } from 'zod';
import { ConfigError } from '@mt/runtime';

/** How short-link clicks are written (ADR 152), parsed once from `runtime.config.settings`. */
export interface LinkClickSettings {
  /** LINK_CLICK_FLUSH_MS: how long clicks wait in memory before one transaction writes them (a crash loses at most this much). */
  flushMs: number;
}

const schema = z.object({ LINK_CLICK_FLUSH_MS: z.coerce.number().int().min(10).max(600_000).default(1_000) });

export function loadLinkClickSettings(settings: Readonly<Record<string, string>>): LinkClickSettings {
  const parsed = schema.safeParse(settings);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(String(issue.path[0] ?? '?'), issue.message);
  }
  return { flushMs: parsed.data.LINK_CLICK_FLUSH_MS };
}

/** Injection token of the parsed LinkClickSettings. */
export const LINK_CLICK_SETTINGS = Symbol('LINK_CLICK_SETTINGS');
