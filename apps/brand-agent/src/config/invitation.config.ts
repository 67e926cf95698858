import { z } from 'zod';
import { loadMailConfig, type MailConfig, parseSettings } from '@mt/runtime';

/** How brand-agent mails invitations (ADR 115): the shared mail settings and the link's lifetime. */
export interface InvitationConfig extends MailConfig {
  invitationTtlMs: number;
}

const schema = z.object({
  INVITATION_TTL_MS: z.coerce
    .number()
    .int()
    .min(3_600_000)
    .max(30 * 86_400_000)
    .default(7 * 86_400_000),
});

export function loadInvitationConfig(settings: Readonly<Record<string, string>>, dataDir: string): InvitationConfig {
  return { ...loadMailConfig(settings, dataDir), invitationTtlMs: parseSettings(schema, settings).INVITATION_TTL_MS };
}

export const INVITATION_CONFIG = Symbol('INVITATION_CONFIG');
