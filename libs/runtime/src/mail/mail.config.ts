import path from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../config/runtime-config';

/** How an app sends mail (password reset links, invitations), parsed once from `runtime.config.settings`. */
export interface MailConfig {
  /** smtp(s)://user:pass@host:port; unset: mails are written as .eml files to `folder` (the embedded default). */
  smtpUrl?: string;
  folder: string;
  from: string;
  /** Links in mails point here (the web UI). */
  publicUrl: string;
}

export const mailSettingsSchema = z.object({
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  MAIL_FROM: z.string().default('Marketing Team <no-reply@localhost>'),
  MAIL_DIR: z.string().optional(),
  PUBLIC_URL: z.string().url().optional(),
  PORT: z.coerce.number().int().default(3000),
});

/** Parses a schema of settings, turning the first problem into a ConfigError that names the setting. */
export function parseSettings<T extends z.ZodTypeAny>(schema: T, settings: Readonly<Record<string, string>>): z.infer<T> {
  const parsed = schema.safeParse(settings);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(String(issue.path[0] ?? '?'), issue.message);
  }
  return parsed.data;
}

export function loadMailConfig(settings: Readonly<Record<string, string>>, dataDir: string): MailConfig {
  const s = parseSettings(mailSettingsSchema, settings);
  return {
    smtpUrl: s.SMTP_URL,
    folder: s.MAIL_DIR ?? path.join(dataDir, 'mail'),
    from: s.MAIL_FROM,
    publicUrl: (s.PUBLIC_URL ?? `http://localhost:${s.PORT}`).replace(/\/+$/, ''),
  };
}

export const MAIL_CONFIG = Symbol('MAIL_CONFIG');
