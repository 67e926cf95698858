import TLDS from 'tlds';

/**
 * Bluesky rich text (ADR 146): the links, mentions and hashtags of a post's text, found by the
 * rules of the official client's `RichText.detectFacets` (@atproto/api), with their places as
 * UTF-8 byte offsets, as app.bsky.richtext.facet counts them. Checked against the official
 * library by test/providers/bluesky-rich-text.spec.ts.
 */

export interface ByteSlice {
  byteStart: number;
  byteEnd: number;
}

export type FacetFeature =
  | { $type: 'app.bsky.richtext.facet#link'; uri: string }
  | { $type: 'app.bsky.richtext.facet#mention'; did: string }
  | { $type: 'app.bsky.richtext.facet#tag'; tag: string };

export interface Facet {
  index: ByteSlice;
  features: FacetFeature[];
}

/** What the text holds, before mentions are resolved: a mention carries its handle, not yet a DID. */
export type RichTextSpan =
  { kind: 'link'; index: ByteSlice; uri: string } | { kind: 'mention'; index: ByteSlice; handle: string } | { kind: 'tag'; index: ByteSlice; tag: string };

// The official client's patterns: a mention or a link starts the text or follows white space or
// "("; a bare domain is a link only when its last label is a delegated TLD.
const MENTION = /(^|\s|\()(@)([a-zA-Z0-9.-]+)(\b)/g;
const URL_LIKE = /(^|\s|\()((https?:\/\/[\S]+)|((?<domain>[a-z][a-z0-9]*(\.[a-z0-9]+)+)[\S]*))/gim;
// A hashtag: "#" or the full-width "＃", then a run without white space or zero-width characters
// that holds at least one character that is neither a digit nor punctuation (so "#1" is no tag);
// "#" + U+FE0F is the keycap emoji, not a tag. The zero-width characters are listed one by one
// on purpose, as the official pattern lists them.
const TAG =
  // eslint-disable-next-line no-misleading-character-class
  /(^|\s)[#＃]((?!\ufe0f)[^\s\u00AD\u2060\u200A\u200B\u200C\u200D\u20e2]*[^\d\s\p{P}\u00AD\u2060\u200A\u200B\u200C\u200D\u20e2]+[^\s\u00AD\u2060\u200A\u200B\u200C\u200D\u20e2]*)?/gu;
// A cashtag ($ and a ticker of one letter and up to four letters or digits) is a tag "$TICKER".
const CASHTAG = /(^|\s|\()\$([A-Za-z][A-Za-z0-9]{0,4})(?=\s|$|[.,;:!?)"'\u2019])/gu;
const TRAILING_PUNCTUATION = /\p{P}+$/u;
/** The most graphemes a tag may have (app.bsky.richtext.facet#tag). */
const MAX_TAG_GRAPHEMES = 64;

const TLD_SET = new Set(TLDS);
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Whether a domain's last label is a TLD of the IANA root zone (the `tlds` list the official client uses). */
export function hasValidTld(domain: string): boolean {
  const dot = domain.lastIndexOf('.');
  return dot > 0 && TLD_SET.has(domain.slice(dot + 1));
}

/**
 * Every link, mention and tag of the text, ordered by where it starts. Byte offsets are those of
 * the text encoded in UTF-8: an emoji before a facet moves it by four bytes, not two.
 */
export function detectRichText(text: string): RichTextSpan[] {
  const bytes = byteOffsets(text);
  const spans: RichTextSpan[] = [];

  for (const m of text.matchAll(MENTION)) {
    const handle = m[3];
    if (!hasValidTld(handle) && !handle.endsWith('.test')) continue; // probably not a handle
    const start = (m.index ?? 0) + m[1].length;
    spans.push({ kind: 'mention', handle, index: bytes(start, start + 1 + handle.length) });
  }

  for (const m of text.matchAll(URL_LIKE)) {
    let uri = m[2];
    if (!uri.startsWith('http')) {
      const domain = m.groups?.domain;
      if (!domain || !hasValidTld(domain)) continue;
      uri = `https://${uri}`;
    }
    const start = (m.index ?? 0) + m[1].length;
    let end = start + m[2].length;
    // One closing punctuation mark ends a sentence, not the link; so does a ")" the link never opened.
    if (/[.,;:!?]$/.test(uri)) {
      uri = uri.slice(0, -1);
      end--;
    }
    if (uri.endsWith(')') && !uri.includes('(')) {
      uri = uri.slice(0, -1);
      end--;
    }
    spans.push({ kind: 'link', uri, index: bytes(start, end) });
  }

  for (const m of text.matchAll(TAG)) {
    if (!m[2]) continue;
    const tag = m[2].trim().replace(TRAILING_PUNCTUATION, '');
    if (tag.length === 0 || (tag.length > MAX_TAG_GRAPHEMES && graphemeCount(tag) > MAX_TAG_GRAPHEMES)) continue;
    const start = (m.index ?? 0) + m[1].length;
    spans.push({ kind: 'tag', tag, index: bytes(start, start + 1 + tag.length) });
  }

  for (const m of text.matchAll(CASHTAG)) {
    const ticker = m[2].toUpperCase();
    const start = (m.index ?? 0) + m[1].length;
    spans.push({ kind: 'tag', tag: `$${ticker}`, index: bytes(start, start + 1 + ticker.length) });
  }

  // A stable sort: spans starting at the same byte keep the official order (mentions, links, tags).
  return spans.sort((a, b) => a.index.byteStart - b.index.byteStart);
}

/**
 * The facets of a text, mentions resolved to DIDs by `resolve` (each handle asked once). A handle
 * that `resolve` answers null for gets no facet: its text stays as written.
 */
export async function richTextFacets(text: string, resolve: (handle: string) => Promise<string | null>): Promise<Facet[]> {
  const spans = detectRichText(text);
  const handles = [...new Set(spans.flatMap((s) => (s.kind === 'mention' ? [s.handle] : [])))];
  const dids = new Map(await Promise.all(handles.map(async (h) => [h, await resolve(h)] as const)));
  const facets: Facet[] = [];
  for (const s of spans) {
    if (s.kind === 'link') facets.push({ index: s.index, features: [{ $type: 'app.bsky.richtext.facet#link', uri: s.uri }] });
    else if (s.kind === 'tag') facets.push({ index: s.index, features: [{ $type: 'app.bsky.richtext.facet#tag', tag: s.tag }] });
    else {
      const did = dids.get(s.handle);
      if (did) facets.push({ index: s.index, features: [{ $type: 'app.bsky.richtext.facet#mention', did }] });
    }
  }
  return facets;
}

/** The first link of the text, the one a link card shows. */
export function firstLink(text: string): string | null {
  for (const s of detectRichText(text)) if (s.kind === 'link') return s.uri;
  return null;
}

function graphemeCount(s: string): number {
  let n = 0;
  for (const _ of graphemes.segment(s)) n++;
  return n;
}

/** Maps UTF-16 positions of `text` to UTF-8 byte offsets. */
function byteOffsets(text: string): (start: number, end: number) => ByteSlice {
  const at = (i: number) => Buffer.byteLength(text.slice(0, i), 'utf8');
  return (start, end) => ({ byteStart: at(start), byteEnd: at(end) });
}
