import { Avatar, Badge, Box, Card, Group, Progress, Stack, Text, UnstyledButton } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { PlatformMark } from '../campaigns/calendar-view';
import { isPlatformId, PLATFORMS } from '../lib/content-rules';
import { platformLabel } from '../lib/labels';

/*
 * The post as its platform will show it. Each platform draws its own card where the platforms
 * really differ: how a link counts and shows (X and Mastodon count every link as 23 characters,
 * X shows it shortened), what is counted (Bluesky counts graphemes), where a reader stops
 * (LinkedIn folds after about 210 characters behind "…see more"), and what a long-form post
 * shows in a feed (WordPress and Medium: a title and an excerpt). The profile is the connected
 * channel's account when there is one, else the brand.
 */

const TOKEN = /(https?:\/\/[^\s]+|#[\p{L}\p{N}_]+|@[\p{L}\p{N}_.]+(?:@[\w.-]+)?)/gu;
const URL_ONLY = /(https?:\/\/[^\s]+)/g;
const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });

type LinkDisplay = 'full' | 'short';

/** A link as a feed shows it: `short` drops the scheme and cuts a long one with "…" (X, Mastodon, Bluesky). */
export function linkText(url: string, display: LinkDisplay): string {
  if (display === 'full') return url;
  const bare = url.replace(/^https?:\/\/(www\.)?/, '');
  return bare.length > 26 ? `${bare.slice(0, 25)}…` : bare;
}

/** Text with links, hashtags and mentions marked as the platforms render them. */
export function richText(text: string, display: LinkDisplay = 'full'): ReactNode[] {
  return text.split(TOKEN).map((part, i) => {
    if (i % 2 === 0) return part;
    const kind = part.startsWith('http') ? 'link' : part.startsWith('#') ? 'hashtag' : 'mention';
    return (
      <Text key={i} span c="blue.8" fw={500} data-token={kind} title={kind === 'link' ? part : undefined}>
        {kind === 'link' ? linkText(part, display) : part}
      </Text>
    );
  });
}

/** How each platform counts and shows a post. */
interface Rules {
  max: number | null;
  unit: 'characters' | 'graphemes';
  /** Every link counts as this many characters, whatever its length (t.co on X; Mastodon alike). */
  linkWeight: number | null;
  links: LinkDisplay;
  note: string | null;
}

function rulesOf(platform: string): Rules {
  const base = isPlatformId(platform) ? PLATFORMS[platform] : null;
  const r: Rules = {
    max: base?.maxLength ?? null,
    unit: base?.lengthUnit ?? 'characters',
    linkWeight: base?.linkLength ?? null,
    links: 'full',
    note: null,
  };
  if (platform === 'x') return { ...r, links: 'short', note: `X counts every link as ${r.linkWeight} characters (t.co), however long it is.` };
  if (platform === 'mastodon') return { ...r, links: 'short', note: `Mastodon counts every link as ${r.linkWeight} characters.` };
  if (platform === 'bluesky') return { ...r, unit: 'graphemes', links: 'short', note: 'Bluesky counts graphemes: an emoji or an accented letter is one.' };
  if (platform === 'linkedin') return { ...r, note: `Readers see the first ${LINKEDIN_FOLD} or so characters, then “…see more”.` };
  if (platform === 'instagram') return { ...r, note: 'Links in an Instagram caption are not clickable; the post needs an image or a video.' };
  return r;
}

/** The length as the platform counts it, and the index in `text` where its limit is reached (null: it fits). */
export function measure(text: string, rules: Pick<Rules, 'max' | 'unit' | 'linkWeight'>): { length: number; cutAt: number | null } {
  let length = 0;
  let offset = 0;
  let cutAt: number | null = null;
  for (const [i, part] of text.split(URL_ONLY).entries()) {
    if (i % 2 === 1) {
      const w = rules.linkWeight ?? [...part].length;
      if (rules.max !== null && cutAt === null && length + w > rules.max) cutAt = offset;
      length += w;
    } else {
      const units = rules.unit === 'graphemes' ? [...segmenter.segment(part)].map((s) => s.segment) : [...part];
      let o = offset;
      for (const u of units) {
        if (rules.max !== null && cutAt === null && length + 1 > rules.max) cutAt = o;
        length += 1;
        o += u.length;
      }
    }
    offset += part.length;
  }
  return { length, cutAt };
}

export const LINKEDIN_FOLD = 210;
const LONG_FORM = new Set(['wordpress', 'medium']);

/** The text up to about `n` characters, ended at a word. */
function foldAt(text: string, n: number): number {
  if (text.length <= n) return text.length;
  const space = text.lastIndexOf(' ', n);
  return space > n * 0.6 ? space : n;
}

function Header({ platform, profileName }: { platform: string; profileName: string }) {
  return (
    <Group gap="xs" mb="xs" wrap="nowrap">
      <Avatar radius={platform === 'linkedin' ? 'sm' : 'xl'} size={36} color="indigo" aria-hidden="true">
        {profileName.replace(/^@/, '').slice(0, 1).toUpperCase()}
      </Avatar>
      <div style={{ minWidth: 0 }}>
        <Text size="sm" fw={700} truncate data-testid="preview-profile">
          {profileName}
        </Text>
        <Text size="xs" c="dimmed" truncate>
          {platform === 'linkedin' ? 'now · 🌐' : 'now'}
        </Text>
      </div>
      <Box ml="auto">
        <PlatformMark platform={platform} />
      </Box>
    </Group>
  );
}

function Count({ platform, length, max, unit, note }: { platform: string; length: number; max: number; unit: string; note: string | null }) {
  const over = length > max;
  const sweet = isPlatformId(platform) ? PLATFORMS[platform].sweetSpot : null;
  return (
    <Stack gap={2} mt="sm">
      <Progress
        value={Math.min(100, (length / max) * 100)}
        color={over ? 'red' : sweet && length > sweet ? 'yellow' : 'teal'}
        size="xs"
        aria-label={`${length} of ${max} ${unit}`}
      />
      <Text size="xs" c={over ? 'red.8' : 'dimmed'} data-testid="preview-count">
        {length.toLocaleString('en')} / {max.toLocaleString('en')} characters
        {over
          ? ` — ${(length - max).toLocaleString('en')} over: ${platformLabel(platform)} cuts or refuses the rest`
          : sweet && length > sweet
            ? ` — longer than the ${sweet.toLocaleString('en')} that usually does best`
            : ''}
      </Text>
      {note && (
        <Text size="xs" c="dimmed">
          {note}
        </Text>
      )}
    </Stack>
  );
}

/** A short post (X, LinkedIn, Mastodon, Bluesky, Threads, webhook): the text, cut where the platform cuts, folded where LinkedIn folds. */
function ShortPost({ platform, text, rules }: { platform: string; text: string; rules: Rules }) {
  const [expanded, setExpanded] = useState(false);
  const { length, cutAt } = measure(text, rules);
  const kept = cutAt === null ? text : text.slice(0, cutAt);
  const cut = cutAt === null ? '' : text.slice(cutAt);
  const fold = platform === 'linkedin' && !expanded && kept.length > LINKEDIN_FOLD ? foldAt(kept, LINKEDIN_FOLD) : null;
  return (
    <>
      <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="preview-text">
        {richText(fold === null ? kept : kept.slice(0, fold).trimEnd(), rules.links)}
        {fold !== null && (
          <UnstyledButton onClick={() => setExpanded(true)} aria-label="…see more" data-testid="see-more">
            <Text span size="sm" c="dimmed" fw={600}>
              …see more
            </Text>
          </UnstyledButton>
        )}
        {fold === null && cut && (
          <>
            <Text span c="red.8" fw={700} aria-label="The platform cuts the text here">
              {' '}
              ✂{' '}
            </Text>
            <Text span c="dimmed" td="line-through" data-testid="preview-cut">
              {richText(cut, rules.links)}
            </Text>
          </>
        )}
      </Text>
      {rules.max !== null && <Count platform={platform} length={length} max={rules.max} unit={rules.unit} note={rules.note} />}
    </>
  );
}

/** A long-form post as a feed or a reader shows it: title, an excerpt, reading time and tags. */
function LongPost({ platform, body, tags }: { platform: string; body: string; tags: string[] }) {
  const [first, ...rest] = body.split('\n');
  const title = first.replace(/^#+\s*/, '').trim() || 'Untitled';
  const words = rest.join(' ').split(/\s+/).filter(Boolean);
  const all = body.split(/\s+/).filter(Boolean).length;
  // WordPress's automatic excerpt is 55 words; Medium's preview shows a subtitle of a line or two.
  const excerptWords = platform === 'wordpress' ? 55 : 25;
  const excerpt = words.slice(0, excerptWords).join(' ') + (words.length > excerptWords ? (platform === 'wordpress' ? ' […]' : '…') : '');
  const minutes = Math.max(1, Math.round(all / 265));
  return (
    <>
      <Text fw={700} size="lg" mb={4} data-testid="preview-title">
        {title}
      </Text>
      {excerpt && (
        <Text size="sm" c={platform === 'medium' ? 'dimmed' : undefined} data-testid="preview-excerpt">
          {richText(excerpt)}
        </Text>
      )}
      <Group gap="xs" mt="xs">
        <Text size="xs" c="dimmed">
          {all.toLocaleString('en')} words · {minutes} min read
        </Text>
        {platform === 'wordpress' && (
          <Text size="xs" c="blue.8" fw={600}>
            Continue reading →
          </Text>
        )}
      </Group>
      {tags.length > 0 && (
        <Group gap={4} mt="xs" aria-label={platform === 'medium' ? 'Topics' : 'Tags'}>
          {tags.map((t) => (
            <Badge key={t} size="sm" variant={platform === 'medium' ? 'light' : 'outline'} color="gray" tt="none">
              {t.replace(/^#/, '')}
            </Badge>
          ))}
        </Group>
      )}
    </>
  );
}

export function PostPreview({
  platform,
  body,
  hashtags,
  profileName,
}: {
  platform: string;
  body: string;
  hashtags: string[];
  /** The connected channel's account name when there is one, else the brand's name. */
  profileName: string;
}) {
  const tags = hashtags.map((h) => (h.startsWith('#') ? h : `#${h}`));
  const long = LONG_FORM.has(platform);
  const text = tags.length && !long ? `${body}\n\n${tags.join(' ')}` : body;
  return (
    <Card withBorder radius="md" aria-label={`Preview on ${platformLabel(platform)}`} data-testid="post-preview" data-platform={platform}>
      <Header platform={platform} profileName={profileName} />
      {long ? <LongPost platform={platform} body={body} tags={tags} /> : <ShortPost key={platform} platform={platform} text={text} rules={rulesOf(platform)} />}
    </Card>
  );
}
