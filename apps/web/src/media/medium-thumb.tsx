import { Center, Text } from '@mantine/core';
import { useMediumSrc, type MediaItem } from './media-api';

/**
 * A medium as a square preview: the image with its alt text, or the video with its controls.
 * Until the bytes arrive a grey box says what is coming, so the grid does not jump.
 */
export function MediumThumb({ medium, size = 160 }: { medium: MediaItem; size?: number }) {
  const src = useMediumSrc(medium);
  const box = { width: '100%', height: size, objectFit: 'cover' as const, borderRadius: 6, display: 'block', background: 'var(--mantine-color-gray-1)' };
  if (!src) {
    return (
      <Center style={box} aria-hidden>
        <Text size="xs" c="dimmed">
          {medium.type === 'video' ? 'Video' : 'Image'}
        </Text>
      </Center>
    );
  }
  if (medium.type === 'video') {
    return <video src={src} style={box} controls preload="metadata" aria-label={medium.altText || medium.fileName} />;
  }
  // No alt text yet: the file name stands in, and the card says the text is missing.
  return <img src={src} style={box} alt={medium.altText || medium.fileName} />;
}
