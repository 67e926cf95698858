import { z } from 'zod';
import { VOICE_FEEDBACK_KINDS, VOICE_SAMPLE_LIMITS as S, type VoiceFeedbackKind } from '../brand.contract';
import { bodyOrEmpty, oneOf } from './fields';
import { PageQueryShape } from './page.shapes';

/**
 * The voice shapes (ADR 182, 199): the gateway validates and documents its voice routes with them,
 * brand-agent checks the samples it learns from with them, and the contract's voice types are
 * their outputs.
 */

const SAMPLE_MESSAGE = `each sample must be ${S.chars.min} to ${S.chars.max} characters`;
const SAMPLES_MESSAGE = `must be a list of ${S.items.min} to ${S.items.max} texts`;

/**
 * Writing samples in the brand's voice: at most 5000 characters each as sent, at least 20 once
 * trimmed (what the gateway and brand-agent together have always taken); passed on trimmed.
 */
export const VoiceSampleListShape = z
  .array(z.string({ error: SAMPLE_MESSAGE }).max(S.chars.max, SAMPLE_MESSAGE).trim().min(S.chars.min, SAMPLE_MESSAGE), { error: SAMPLES_MESSAGE })
  .min(S.items.min, SAMPLES_MESSAGE)
  .max(S.items.max, SAMPLES_MESSAGE)
  .meta({
    description: `${S.items.min}–${S.items.max} texts in the brand's voice, each ${S.chars.min}–${S.chars.max} characters (posts, emails, web copy)`,
    example: ['We roast on Tuesdays so your beans arrive within four days of leaving the drum. Taste the difference.'],
  });

/** POST /brands/{id}/voice/samples: a missing body is an empty one (answered with the missing samples). */
export const VoiceSamplesShape = bodyOrEmpty(z.strictObject({ samples: VoiceSampleListShape }));

/** A learning-loop feedback's kind. */
export const VoiceFeedbackKindShape = oneOf(VOICE_FEEDBACK_KINDS as readonly VoiceFeedbackKind[] as [VoiceFeedbackKind, ...VoiceFeedbackKind[]]);

/** GET /brands/{id}/voice/feedback: the list convention plus the kind. */
export const VoiceFeedbackQueryShape = PageQueryShape.extend({ kind: VoiceFeedbackKindShape.optional() });
