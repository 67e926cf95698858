import { z } from 'zod';
import { VOICE_FEEDBACK_KINDS, VOICE_SAMPLE_LIMITS as S, type VoiceFeedbackKind } from '../brand.contract';
import { bodyOrEmpty, instant, oneOf } from './fields';
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

const feedbackKind = oneOf(VOICE_FEEDBACK_KINDS as readonly VoiceFeedbackKind[] as [VoiceFeedbackKind, ...VoiceFeedbackKind[]]);

/** GET /brands/{id}/voice/feedback: the list convention plus the kind. */
export const VoiceFeedbackQueryShape = PageQueryShape.extend({ kind: feedbackKind.optional() });

/** A brand's voice as learned from its samples and from what its team accepts, edits and rejects. */
export const VoiceProfileShape = z.object({
  brandId: z.uuid(),
  tone: z.string().meta({ description: 'one paragraph: how the brand sounds' }),
  traits: z.array(z.object({ trait: z.string(), description: z.string() })),
  sentenceStyle: z.object({
    averageSentenceWords: z.number(),
    readingLevel: z.enum(['simple', 'standard', 'expert']),
    emojiPolicy: z.enum(['none', 'sparing', 'frequent']),
    // Absent in profiles learned before it existed.
    person: z.enum(['first', 'second', 'third']).optional().meta({ description: 'first: the brand says "we"; second: "you", never "we"; third: neither' }),
  }),
  vocabulary: z.object({
    preferred: z.array(z.string()),
    avoid: z.array(z.string()).meta({ description: 'includes every banned word, and words the team keeps editing out' }),
  }),
  dos: z.array(z.string()),
  donts: z.array(z.string()),
  examples: z.array(z.string()).meta({ description: 'lines in the voice: newest accepted posts and A/B winners first' }),
  sampleCount: z.number().int().meta({ description: 'samples and accepted posts the profile was learned from' }),
  version: z.number().int().meta({ description: '+1 on every change (new samples, or the learning loop)' }),
  updatedAt: instant(),
});

/** One version of the voice, as the history lists it. */
export const VoiceProfileVersionShape = VoiceProfileShape.extend({
  source: z.enum(['samples', 'feedback']).meta({ description: "'samples': a new analysis; 'feedback': the learning loop" }),
});

/** What the learning loop records: a post the team accepted, edited or rejected, or an A/B test's winner. */
export const VoiceFeedbackShape = z.object({
  id: z.uuid(),
  brandId: z.uuid(),
  kind: feedbackKind,
  contentId: z.uuid().nullable(),
  text: z
    .string()
    .nullable()
    .meta({ description: "the accepted, edited (after), rejected or winning text; null when a rejected post's text was never seen here" }),
  previousText: z.string().nullable().meta({ description: 'edits only: the text before the edit' }),
  removedWords: z.array(z.string()).meta({ description: 'edits only: words the edit took out (lower case, stop words left out)' }),
  addedWords: z.array(z.string()).meta({ description: 'edits only: words the edit put in' }),
  by: z.uuid().nullable().meta({ description: "who did it (a user id); null for an A/B test's verdict" }),
  voiceVersion: z.number().int().nullable().meta({ description: 'the voice version this feedback produced; null when it changed nothing' }),
  createdAt: instant(),
});
