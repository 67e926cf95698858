import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { AltTextSuggestion } from '@mt/contracts/media-alt-text.contract';
import type { ContentMedia, MediaItem, MediaKind } from '@mt/contracts/publishing/media.contract';
import { UpdateMediaShape, UploadMediaFieldsShape } from '@mt/contracts/shapes/media.shapes';
import { useApi } from '../api/api-context';
import { requestIssues } from '../lib/validation';

export type { AltTextSuggestion, ContentMedia, MediaItem, MediaKind };

/** One page of GET /brands/{id}/media, with how much of the brand's quota is used. */
export interface MediaPage {
  items: MediaItem[];
  nextCursor: string | null;
  usedBytes: number;
  quotaBytes: number;
}

export const mediaKey = (brandId: string) => ['media', brandId];
export const contentMediaKey = (contentId: string) => ['content-media', contentId];
const PAGE = 24;

/** The brand's library, newest first, a page at a time ("Show more" asks for the next). */
export function useMediaLibrary(brandId: string, type: MediaKind | 'all' = 'all') {
  const api = useApi();
  return useInfiniteQuery({
    queryKey: [...mediaKey(brandId), type],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => {
      const q = new URLSearchParams({ limit: String(PAGE) });
      if (type !== 'all') q.set('type', type);
      if (pageParam) q.set('cursor', pageParam);
      return api.get<MediaPage>(`/brands/${brandId}/media?${q}`, { signal });
    },
    getNextPageParam: (last) => last.nextCursor,
  });
}

/** An upload's text fields as the form sends them: the alt text trimmed, left out when empty. */
const uploadFields = (altText: string): { altText?: string } => (altText.trim() ? { altText: altText.trim() } : {});
/** `PATCH /media/{id}`'s body for an alt text: trimmed, null when empty (no alt text). */
const altTextBody = (altText: string) => ({ altText: altText.trim() || null });

/** The upload's fields checked with the shape the gateway parses them with (ADR 210); none when it passes. */
export const uploadIssues = (altText: string) => requestIssues(UploadMediaFieldsShape, uploadFields(altText));
/** A change of alt text checked with `UpdateMediaShape` (ADR 210); none when it passes. */
export const altTextIssues = (altText: string) => requestIssues(UpdateMediaShape, altTextBody(altText));

/** Uploads one file with its alt text; the library is read again afterwards. */
export function useUploadMedium(brandId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ file, altText }: { file: File; altText: string }) => {
      const form = new FormData();
      form.append('file', file, file.name);
      for (const [field, value] of Object.entries(uploadFields(altText))) form.append(field, value);
      return api.upload<MediaItem>(`/brands/${brandId}/media`, form);
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: mediaKey(brandId) }),
  });
}

export function useUpdateAltText(brandId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, altText }: { id: string; altText: string }) => api.patch<MediaItem>(`/media/${id}`, altTextBody(altText)),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: mediaKey(brandId) }),
  });
}

/** A draft alt text from the AI task set (ADR 209): nothing is saved until the user saves the field. */
export function useSuggestAltText() {
  const api = useApi();
  return useMutation({
    mutationFn: (id: string) => api.post<AltTextSuggestion>(`/media/${id}/alt-text-suggestion`, {}),
  });
}

export function useDeleteMedium(brandId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/media/${id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: mediaKey(brandId) }),
  });
}

/** The media a post carries, in order. */
export function useContentMedia(contentId: string) {
  const api = useApi();
  return useQuery({
    queryKey: contentMediaKey(contentId),
    queryFn: ({ signal }) => api.get<ContentMedia>(`/content/${contentId}/media`, { signal }),
    throwOnError: false,
  });
}

/** Replaces the post's media (checked by the server against the post's platform). */
export function useAttachMedia(contentId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (mediaIds: string[]) => api.request<ContentMedia>('PUT', `/content/${contentId}/media`, { body: { mediaIds } }),
    onSuccess: (saved) => queryClient.setQueryData(contentMediaKey(contentId), saved),
  });
}

/**
 * The medium's bytes as an object URL. The file route needs the bearer token, which an `<img src>`
 * cannot send, so the bytes are fetched through the API client and shown from memory.
 */
export function useMediumSrc(medium: Pick<MediaItem, 'id'>): string | null {
  const api = useApi();
  const file = useQuery({
    queryKey: ['media-file', medium.id],
    queryFn: async ({ signal }) => (await api.send('GET', `/media/${medium.id}/file`, { signal })).blob(),
    staleTime: Infinity,
    throwOnError: false,
  });
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    if (!file.data || typeof URL.createObjectURL !== 'function') return;
    const url = URL.createObjectURL(file.data);
    setSrc(url);
    return () => URL.revokeObjectURL(url);
  }, [file.data]);
  return src;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`;
  if (n < 1024 * 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MB`;
  return `${(n / (1024 * 1024 * 1024)).toFixed(1)} GB`;
}

/** "1080 × 1350 · 2.1 MB" or "0:42 · 1920 × 1080 · 12.0 MB". */
export function describeMedium(m: MediaItem): string {
  const parts: string[] = [];
  if (m.durationS != null) parts.push(`${Math.floor(m.durationS / 60)}:${String(Math.round(m.durationS % 60)).padStart(2, '0')}`);
  if (m.width && m.height) parts.push(`${m.width} × ${m.height}`);
  parts.push(formatBytes(m.bytes));
  return parts.join(' · ');
}
