import path from 'node:path';
import { z } from 'zod';
import { ConfigError } from '@mt/runtime';

/** How auth-agent sends mail (password reset links), parsed once from `runtime.config.settings`. */
export interface MailConfig {
  /** smtp(s)://user:pass@host:port; unset: mails are written as .eml files to `folder` (the embedded default). */
  smtpUrl?: string;
  folder: string;
  from: string;
  /** Links in mails point here (the web UI). */
  publicUrl: string;
  /** How long a password reset link works. */
  passwordResetTtlMs: number;
}

const schema = z.object({
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL').optional(),
  MAIL_FROM: z.string().default('Marketing Team <no-reply@localhost>'),
  MAIL_DIR: z.string().optional(),
  PUBLIC_URL: z.string().url().optional(),
  PORT: z.coerce.number().int().default(3000),
  PASSWORD_RESET_TTL_MS: z.coerce.number().int().min(60_000).max(24 * 3_600_000).default(30 * 60_000),
});

export function loadMailConfig(settings: Readonly<Record<string, string>>, dataDir: string): MailConfig {
  const parsed = schema.safeParse(settings);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(String(issue.path[0] ?? '?'), issue.message);
  }
  const s = parsed.data;
  return {
    smtpUrl: s.SMTP_URL,
    folder: s.MAIL_DIR ?? path.join(dataDir, 'mail'),
    from: s.MAIL_FROM,
    publicUrl: (s.PUBLIC_URL ?? `http://localhost:${s.PORT}`).replace(/\/+$/, ''),
    passwordResetTtlMs: s.PASSWORD_RESET_TTL_MS,
  };
}

export const MAIL_CONFIG = Symbol('MAIL_CONFIG');
