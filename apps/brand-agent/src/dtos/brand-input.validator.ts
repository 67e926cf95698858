import { BrandRoleShape, type BrandInput, type BrandRole, CreateBrandShape, fieldIssues, MeshError, UpdateBrandShape } from '@mt/messages';

export { canonicalTimeZone } from '@mt/messages';

export interface FieldError {
  field: string;
  message: string;
}

/**
 * brand-agent's own check of brand input (defence in depth: the gateway validates too, but any
 * agent may send tasks), with the same shapes as the gateway (ADR 182). Returns the normalised
 * input — strings trimmed, blank text as null, the time zone in its canonical IANA spelling — or
 * throws VALIDATION_FAILED with field errors, a list item named by its index (`values.3`).
 */
export function validateBrandInput(raw: unknown, mode: 'create' | 'update'): BrandInput {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw invalid([{ field: 'brand', message: 'must be an object' }]);
  const parsed = (mode === 'create' ? CreateBrandShape : UpdateBrandShape).safeParse(raw);
  if (!parsed.success) throw invalid(fieldIssues(parsed.error.issues));
  if (mode === 'update' && Object.keys(parsed.data).length === 0) throw invalid([{ field: 'brand', message: 'must change at least one field' }]);
  return parsed.data;
}

export function validateRole(role: unknown): BrandRole {
  const parsed = BrandRoleShape.safeParse(role);
  if (!parsed.success) throw invalid(fieldIssues(parsed.error.issues).map((e) => ({ ...e, field: 'role' })));
  return parsed.data;
}

export function invalid(errors: FieldError[]): MeshError {
  return new MeshError('VALIDATION_FAILED', errors.map((e) => `${e.field}: ${e.message}`).join('; '), {
    status: 400,
    retryable: false,
    details: { errors },
  });
}
