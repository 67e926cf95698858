import type { AltTextInput, AltTextOutput } from '../tasks/alt-text.task';
import { capitalise, clip } from './text-tools';

/** Names cameras and tools give files ("IMG_2041", "DSC0012", "Screenshot 2025-01-02"): they say nothing of the subject. */
const MACHINE_NAME = /^(?:img|dsc|dcim|pxl|photo|image|screenshot|screen shot|untitled|file)?[\s_-]*[\d\s_.:-]*$/i;

/** The words of a file name when a person chose them ("guji-pour-over.jpg" → "guji pour over"). */
export function fileNameWords(fileName: string): string | undefined {
  const stem = fileName.replace(/\.[a-z0-9]{1,5}$/i, '').trim();
  if (stem === '' || MACHINE_NAME.test(stem) || /^[0-9a-f-]{16,}$/i.test(stem)) return undefined;
  const words = stem
    .replace(/[_\-.+]+/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/\s+/g, ' ')
    .trim();
  return /\p{L}{2,}/u.test(words) ? words : undefined;
}

function shape(width: number | null, height: number | null): string {
  if (!width || !height) return '';
  const ratio = width / height;
  if (ratio > 1.1) return 'landscape';
  if (ratio < 0.9) return 'portrait';
  return 'square';
}

function kind(mimeType: string): string {
  if (mimeType === 'image/gif') return 'animated image';
  if (mimeType === 'image/jpeg' || mimeType === 'image/heic') return 'photo';
  return 'image';
}

/**
 * A draft built from the facts alone: the local engine cannot see the picture, so it says what
 * it can (the shape, the words of the file name, the post it goes with) and the user completes it.
 * Deterministic and never over `maxLength`.
 */
export function draftAltText(input: AltTextInput): AltTextOutput {
  const subject = fileNameWords(input.image.fileName);
  const form = capitalise([shape(input.image.width, input.image.height), kind(input.image.mimeType)].filter(Boolean).join(' '));
  const head = subject ? `${form}: ${subject}, from ${input.brand.name}.` : `${form} from ${input.brand.name}.`;
  const context = input.context?.replace(/\s+/g, ' ').trim();
  const full = context ? `${head} Shared with the post: ${context}` : head;
  return { altText: full.length <= input.maxLength ? full : clip(full, input.maxLength) };
}
