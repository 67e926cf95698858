import { BrandRoleShape, type BrandInput, type BrandRole, checkedByShape, CreateBrandShape, MeshError, UpdateBrandShape } from '@mt/messages';

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
  const input = checkedByShape(mode === 'create' ? CreateBrandShape : UpdateBrandShape, raw, GATEWAY_WORDING);
  // brand-agent's own rule beside the shape: an update with nothing in it is refused, not stored.
  if (mode === 'update' && Object.keys(input).length === 0) throw invalid([{ field: 'brand', message: 'must change at least one field' }]);
  return input;
}

export function validateRole(role: unknown): BrandRole {
  return checkedByShape(BrandRoleShape, role, { ...GATEWAY_WORDING, field: () => 'role' });
}

/** A refusal's text as the gateway writes its 400s (`name: must be …`), as brand-agent always wrote it. */
export const GATEWAY_WORDING = { separator: ': ' } as const;

function invalid(errors: FieldError[]): MeshError {
  return new MeshError('VALIDATION_FAILED', errors.map((e) => `${e.field}: ${e.message}`).join('; '), {
    status: 400,
    retryable: false,
    details: { errors },
  });
}
