import { z } from 'zod';
import { loadMailConfig as loadSharedMailConfig, MAIL_CONFIG, type MailConfig as SharedMailConfig, parseSettings } from '@mt/runtime';

/** How auth-agent sends mail (password reset links): the shared mail settings and the reset link's lifetime. */
export interface MailConfig extends SharedMailConfig {
  /** How long a password reset link works. */
  passwordResetTtlMs: number;
}

const schema = z.object({
  PASSWORD_RESET_TTL_MS: z.coerce
    .number()
    .int()
    .min(60_000)
    .max(24 * 3_600_000)
    .default(30 * 60_000),
});

export function loadMailConfig(settings: Readonly<Record<string, string>>, dataDir: string): MailConfig {
  return { ...loadSharedMailConfig(settings, dataDir), passwordResetTtlMs: parseSettings(schema, settings).PASSWORD_RESET_TTL_MS };
}

export { MAIL_CONFIG };
