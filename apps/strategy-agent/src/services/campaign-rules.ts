import { MeshError, type CampaignInput } from '@mt/messages';
import { PLATFORM_IDS } from '@mt/ai';

export interface FieldError {
  field: string;
  message: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function validDate(s: unknown): s is string {
  if (typeof s !== 'string' || !DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** The campaign rules, checked on the whole campaign after a create or a change is applied. */
export function campaignProblems(c: CampaignInput): FieldError[] {
  const errors: FieldError[] = [];
  if (typeof c.name !== 'string' || c.name.trim().length < 1 || c.name.length > 120) {
    errors.push({ field: 'name', message: 'must be 1 to 120 characters' });
  }
  if (typeof c.goal !== 'string' || c.goal.trim().length < 1 || c.goal.length > 1000) {
    errors.push({ field: 'goal', message: 'must be 1 to 1000 characters' });
  }
  if (!validDate(c.startDate)) errors.push({ field: 'startDate', message: 'must be a date like 2026-03-01' });
  if (!validDate(c.endDate)) errors.push({ field: 'endDate', message: 'must be a date like 2026-03-14' });
  if (validDate(c.startDate) && validDate(c.endDate) && c.endDate <= c.startDate) {
    errors.push({ field: 'endDate', message: 'must be after startDate' });
  }
  if (!Array.isArray(c.platforms) || c.platforms.length === 0) {
    errors.push({ field: 'platforms', message: 'must name at least one platform' });
  } else {
    const unknown = c.platforms.filter((p) => !(PLATFORM_IDS as readonly string[]).includes(p));
    if (unknown.length) errors.push({ field: 'platforms', message: `unknown platform(s): ${unknown.join(', ')}; known: ${PLATFORM_IDS.join(', ')}` });
    if (new Set(c.platforms).size !== c.platforms.length) errors.push({ field: 'platforms', message: 'must not repeat a platform' });
  }
  if (!Number.isInteger(c.postsPerWeek) || c.postsPerWeek < 1 || c.postsPerWeek > 21) {
    errors.push({ field: 'postsPerWeek', message: 'must be a whole number from 1 to 21' });
  }
  if (c.budget !== undefined && c.budget !== null && (typeof c.budget !== 'number' || !(c.budget >= 0))) {
    errors.push({ field: 'budget', message: 'must be a non-negative amount' });
  }
  return errors;
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
