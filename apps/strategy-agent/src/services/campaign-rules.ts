import { CampaignInputShape, listFieldIssues, MeshError, type CampaignInput } from '@mt/messages';

export interface FieldError {
  field: string;
  message: string;
}

/**
 * The campaign rules, checked on the whole campaign after a create or a change is applied: the
 * gateway's own shape (ADR 182), a list's bad item reported on the list.
 */
export function campaignProblems(c: CampaignInput): FieldError[] {
  const parsed = CampaignInputShape.safeParse(c);
  return parsed.success ? [] : listFieldIssues(parsed.error.issues);
}

export function assertCampaign(c: CampaignInput): void {
  const errors = campaignProblems(c);
  if (errors.length) {
    throw new MeshError('VALIDATION_FAILED', errors.map((e) => `${e.field}: ${e.message}`).join('; '), {
      status: 400,
      retryable: false,
      details: { errors },
    });
  }
}
