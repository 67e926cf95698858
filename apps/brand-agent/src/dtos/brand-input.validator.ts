import { BRAND_LIMITS, BRAND_LIST_FIELDS, BRAND_ROLES, BRAND_TEXT_FIELDS, type BrandInput, type BrandRole, MeshError } from '@mt/messages';

export interface FieldError {
  field: string;
  message: string;
}

const KNOWN_FIELDS = new Set<string>(['name', 'timezone', ...BRAND_TEXT_FIELDS, ...BRAND_LIST_FIELDS]);

/**
 * brand-agent's own check of brand input (defence in depth: the gateway validates too, but any
 * agent may send tasks). Returns the normalised input — strings trimmed, the time zone in its
 * canonical IANA spelling — or throws VALIDATION_FAILED with field errors.
 */
export function validateBrandInput(raw: unknown, mode: 'create' | 'update'): BrandInput {
  const errors: FieldError[] = [];
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw invalid([{ field: 'brand', message: 'must be an object' }]);
  const input = raw as Record<string, unknown>;
  const out: BrandInput = {};

  for (const key of Object.keys(input)) if (!KNOWN_FIELDS.has(key)) errors.push({ field: key, message: 'is not a known field' });

  if (input.name !== undefined || mode === 'create') {
    const name = typeof input.name === 'string' ? input.name.trim() : undefined;
    if (name === undefined) errors.push({ field: 'name', message: 'must be a string' });
    else if (name.length < BRAND_LIMITS.name.min || name.length > BRAND_LIMITS.name.max) {
      errors.push({ field: 'name', message: `must be ${BRAND_LIMITS.name.min} to ${BRAND_LIMITS.name.max} characters` });
    } else out.name = name;
  }

  for (const field of BRAND_TEXT_FIELDS) {
    const v = input[field];
    if (v === undefined) continue;
    if (v === null) {
      out[field] = null;
      continue;
    }
    if (typeof v !== 'string') {
      errors.push({ field, message: 'must be a string or null' });
      continue;
    }
    const text = v.trim();
    if (text.length > BRAND_LIMITS[field].max) {
      errors.push({ field, message: `must be at most ${BRAND_LIMITS[field].max} characters` });
      continue;
    }
    if (field === 'website' && text && !isWebUrl(text)) {
      errors.push({ field, message: 'must be an http(s) URL' });
      continue;
    }
    out[field] = text || null;
  }

  for (const field of BRAND_LIST_FIELDS) {
    const v = input[field];
    if (v === undefined) continue;
    const limits = BRAND_LIMITS[field];
    if (!Array.isArray(v)) {
      errors.push({ field, message: 'must be an array of strings' });
      continue;
    }
    if (v.length > limits.items) {
      errors.push({ field, message: `must have at most ${limits.items} items` });
      continue;
    }
    const items: string[] = [];
    v.forEach((item, i) => {
      const text = typeof item === 'string' ? item.trim() : null;
      if (text === null) errors.push({ field: `${field}.${i}`, message: 'must be a string' });
      else if (!text || text.length > limits.itemMax) errors.push({ field: `${field}.${i}`, message: `must be 1 to ${limits.itemMax} characters` });
      else if (items.includes(text)) errors.push({ field: `${field}.${i}`, message: 'is a duplicate' });
      else items.push(text);
    });
    out[field] = items;
  }

  if (input.timezone !== undefined) {
    const tz = typeof input.timezone === 'string' ? canonicalTimeZone(input.timezone) : null;
    if (!tz) errors.push({ field: 'timezone', message: 'must be an IANA time zone name such as Europe/Paris' });
    else out.timezone = tz;
  }

  if (mode === 'update' && errors.length === 0 && Object.keys(out).length === 0) {
    errors.push({ field: 'brand', message: 'must change at least one field' });
  }
  if (errors.length > 0) throw invalid(errors);
  return out;
}

export function validateRole(role: unknown): BrandRole {
  if (typeof role === 'string' && (BRAND_ROLES as readonly string[]).includes(role)) return role as BrandRole;
  throw invalid([{ field: 'role', message: `must be one of ${BRAND_ROLES.join(', ')}` }]);
}

const TZ_SHAPE = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){0,2}$/;

/**
 * The canonical name of an IANA time zone ('europe/paris' → 'Europe/Paris'), or null when the
 * runtime's time-zone database does not know it. Offsets such as '+02:00' are not zones.
 */
export function canonicalTimeZone(name: string): string | null {
  if (name.length > BRAND_LIMITS.timezone.max || !TZ_SHAPE.test(name)) return null;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

function isWebUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.includes('.') && !/\s/.test(text);
  } catch {
    return false;
  }
}

export function invalid(errors: FieldError[]): MeshError {
  return new MeshError('VALIDATION_FAILED', errors.map((e) => `${e.field}: ${e.message}`).join('; '), {
    status: 400,
    retryable: false,
    details: { errors },
  });
}
