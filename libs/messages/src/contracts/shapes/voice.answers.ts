import { z } from 'zod';
import { instant } from './fields';
import { VoiceFeedbackKindShape } from './voice.shapes';

/**
 * The voice routes' answers: the learned voice, its versions and the learning loop's feedback.
 * Apart from the requests' module so that a client loading a request's shape (the web app's
 * forms, ADR 205) does not load these (ADR 210).
 */

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
  kind: VoiceFeedbackKindShape,
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
  createdAt: instant().meta({ description: 'when it happened (the approval, edit, deletion or verdict); the list is newest first by this' }),
});
