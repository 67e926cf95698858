import type { z } from 'zod';
import type { Actor } from './actor';
import type { AltTextSuggestionShape } from './shapes/media.shapes';

/**
 * A draft alt text for an image of the media library (ADR 209): the gateway reads the medium from
 * publishing-agent, creation-agent asks the AI task set and answers without saving anything.
 */
export interface SuggestAltTextInput {
  actor: Actor;
  brandId: string;
  image: { fileName: string; mimeType: string; width: number | null; height: number | null };
  /** Where the bytes are in the blob store: read only for a model that accepts images. */
  storageKey: string;
  /** The platform the image goes to; absent: the strictest alt-text limit of all platforms. */
  platform?: string;
  /** The post text or brief the image goes with. */
  text?: string;
}

export type AltTextSuggestion = z.output<typeof AltTextSuggestionShape>;
