import { ConfigError } from '@mt/runtime';
import { emailErrors, normalizeEmail } from '../services/password-policy';

/** Who owns the instance (ADR 123), parsed once from `runtime.config.settings`. */
export interface InstanceOwnerConfig {
  /** INSTANCE_OWNER_EMAILS, normalised; empty: the first registered user owns the instance. */
  emails: readonly string[];
}

export const INSTANCE_OWNER_CONFIG = Symbol('INSTANCE_OWNER_CONFIG');

export function loadInstanceOwnerConfig(settings: Readonly<Record<string, string>>): InstanceOwnerConfig {
  const raw = settings.INSTANCE_OWNER_EMAILS ?? '';
  const emails = raw
    .split(',')
    .map((e) => normalizeEmail(e))
    .filter(Boolean);
  for (const e of emails) {
    if (emailErrors(e).length > 0) throw new ConfigError('INSTANCE_OWNER_EMAILS', `"${e}" is not an email address`);
  }
  return { emails };
}
