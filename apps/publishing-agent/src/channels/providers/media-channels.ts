import type { PlatformId } from '@mt/ai';

/**
 * What each platform's channel here uploads (ADR 159, ADR 167). The catalogue holds every
 * platform's limits; Threads uploads are not built yet, nor Bluesky video (its video service).
 */
export const MEDIA_CHANNELS: Partial<Record<PlatformId, readonly ('image' | 'video')[]>> = {
  x: ['image', 'video'],
  linkedin: ['image', 'video'],
  facebook: ['image', 'video'],
  instagram: ['image', 'video'],
  pinterest: ['image', 'video'],
  tiktok: ['image', 'video'],
  youtube: ['video'],
  mastodon: ['image', 'video'],
  bluesky: ['image'],
  wordpress: ['image', 'video'],
};
