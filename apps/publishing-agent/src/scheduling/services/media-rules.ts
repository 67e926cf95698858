import { PLATFORMS, type PlatformId } from '@mt/ai';
import type { MediaRow } from '../repositories/media.repository';
import { MEDIA_CHANNELS } from '../../channels/providers/media-channels';

export interface MediaProblem {
  field: string;
  message: string;
}

/**
 * What stops these media from going on a post of this platform, in the platform's words: the
 * catalogue's count, types, sizes, durations, aspect ratios, and for video the frame rate and pixels
 * a side where the platform states them (ADR 203) (libs/ai platforms), no media
 * where the platform needs some, images and video together where the platform forbids it, and
 * alt text where the platform shows it. Bluesky images over
 * its blob limit are not refused: they are re-encoded to fit when the post is sent.
 */
export function mediaProblems(platform: PlatformId, media: MediaRow[]): MediaProblem[] {
  const rules = PLATFORMS[platform];
  const r = rules.media;
  const label = rules.label;
  // A platform that takes no post without media (YouTube: a video; Instagram and Pinterest: an image or a video; ADR 176, 179, 180).
  if (r.required && !media.some((m) => r.required?.includes(m.kind))) return [{ field: 'mediaIds', message: mediaRequired(label, r.required) }];
  if (media.length === 0) return [];
  const kinds = MEDIA_CHANNELS[platform] ?? [];
  if (kinds.length === 0 || (!r.image && !r.video)) {
    return [{ field: 'mediaIds', message: `${label} posts from this app carry text only.` }];
  }
  const problems: MediaProblem[] = [];
  const images = media.filter((m) => m.kind === 'image');
  const videos = media.filter((m) => m.kind === 'video');
  if (images.length > 0 && videos.length > 0 && !r.mixed)
    problems.push({ field: 'mediaIds', message: `${label} takes either images or one video in a post, not both.` });
  for (const [kind, list, k] of [
    ['image', images, r.image],
    ['video', videos, r.video],
  ] as const) {
    if (list.length === 0) continue;
    if (!k || !kinds.includes(kind)) {
      problems.push({ field: 'mediaIds', message: k ? `${label} posts from this app carry no ${kind}s yet.` : `${label} takes no ${kind}s.` });
      continue;
    }
    if (list.length > k.maxCount)
      problems.push({ field: 'mediaIds', message: `${label} takes at most ${k.maxCount} ${kind}${k.maxCount === 1 ? '' : 's'} in a post.` });
    for (const m of list) {
      const field = `mediaIds[${media.indexOf(m)}]`;
      if (!k.types.includes(m.mimeType)) {
        problems.push({ field, message: `${label} does not take ${m.mimeType} (${m.fileName}); it takes ${k.types.join(', ')}.` });
      }
      const resizable = kind === 'image' && platform === 'bluesky';
      if (m.bytes > k.maxBytes && !resizable) {
        problems.push({ field, message: `${m.fileName} is ${formatBytes(m.bytes)}; ${label} takes ${kind}s up to ${formatBytes(k.maxBytes)}.` });
      }
      if (k.maxDurationS !== undefined && m.durationS !== null && m.durationS > k.maxDurationS) {
        problems.push({ field, message: `${m.fileName} runs ${Math.round(m.durationS)} s; ${label} takes videos up to ${k.maxDurationS} s.` });
      }
      if (k.minDurationS !== undefined && m.durationS !== null && m.durationS < k.minDurationS) {
        problems.push({ field, message: `${m.fileName} runs ${m.durationS.toFixed(1)} s; ${label} takes videos of at least ${k.minDurationS} s.` });
      }
      const fps = m.frameRate === null ? null : Math.round(m.frameRate * 100) / 100;
      if (fps !== null && ((k.minFrameRate !== undefined && fps < k.minFrameRate) || (k.maxFrameRate !== undefined && fps > k.maxFrameRate))) {
        problems.push({
          field,
          message: `${m.fileName} runs at ${fps} frames per second; ${label} takes videos of ${rangeText(k.minFrameRate, k.maxFrameRate, 'frames per second')}.`,
        });
      }
      const sides = m.width && m.height ? [m.width, m.height] : null;
      if (sides && ((k.minSidePx !== undefined && Math.min(...sides) < k.minSidePx) || (k.maxSidePx !== undefined && Math.max(...sides) > k.maxSidePx))) {
        problems.push({
          field,
          message: `${m.fileName} is ${m.width}×${m.height}; ${label} takes videos of ${rangeText(k.minSidePx, k.maxSidePx, 'px')} on each side.`,
        });
      }
      const ratio = k.aspectRatio && m.width && m.height ? m.width / m.height : null;
      if (k.aspectRatio && ratio !== null && (ratio < k.aspectRatio.min - 0.005 || ratio > k.aspectRatio.max + 0.005)) {
        problems.push({
          field,
          message: `${m.fileName} is ${m.width}×${m.height}; ${label} takes ${kind}s from ${ratioText(k.aspectRatio.min)} (portrait) to ${ratioText(k.aspectRatio.max)} (landscape).`,
        });
      }
      if (kind === 'image' && r.altText?.required && !m.altText) {
        problems.push({ field, message: `${m.fileName} needs alt text: ${label} shows it to people who cannot see the image.` });
      }
      if (r.altText && m.altText && [...m.altText].length > r.altText.maxLength) {
        problems.push({ field, message: `The alt text of ${m.fileName} is longer than the ${r.altText.maxLength} characters ${label} takes.` });
      }
    }
  }
  return problems;
}

/** The words of the refusal of a post without the media its platform needs (Instagram, Pinterest, YouTube). */
export function mediaRequired(label: string, kinds: readonly ('image' | 'video')[]): string {
  return `${label} posts need ${kinds.map((k) => (k === 'image' ? 'an image' : 'a video')).join(' or ')}.`;
}

/** "23 to 60 frames per second", "at least 360 px", "at most 4096 px". */
function rangeText(min: number | undefined, max: number | undefined, unit: string): string {
  if (min !== undefined && max !== undefined) return `${min} to ${max} ${unit}`;
  return min !== undefined ? `at least ${min} ${unit}` : `at most ${max} ${unit}`;
}

/** A width ÷ height as people read it: 0.8 → 4:5, 0.5 → 1:2, 1.91 → 1.91:1. */
function ratioText(r: number): string {
  if (Math.abs(r - 0.8) < 0.001) return '4:5';
  if (Math.abs(r - 1) < 0.001) return '1:1';
  return r < 1 ? `1:${+(1 / r).toFixed(2)}` : `${+r.toFixed(2)}:1`;
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024 * 1024) return `${(n / (1024 * 1024 * 1024)).toFixed(1)} GB`;
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} bytes`;
}
