/**
 * Links in a post's text: found, tagged with UTM parameters, replaced (ADR 152). Pure functions,
 * no I/O: the publish path resolves short codes first and hands them in.
 */

/** What a brand gets until it sets its own template. */
export const DEFAULT_UTM_TEMPLATE = 'utm_source={platform}&utm_medium=social&utm_campaign={campaign}&utm_content={contentId}';

/** The placeholders a template may use. */
export const UTM_PLACEHOLDERS = ['platform', 'campaign', 'contentId', 'brandId'] as const;
export type UtmPlaceholder = (typeof UTM_PLACEHOLDERS)[number];
export type UtmValues = Record<UtmPlaceholder, string | null>;

/**
 * An http(s) link standing on its own: at the start of the text or after a space or an opening
 * bracket or quote (never inside a word such as `foohttp://…`), up to the next space.
 */
const LINK = /(^|[\s(<[{"'])(https?:\/\/[^\s<>"]+)/gi;
/** Punctuation that ends a sentence rather than a URL. */
const TRAILING = /[.,;:!?)\]}'"]+$/;

export interface LinkSpan {
  start: number;
  end: number;
  url: string;
}

/** Every link in the text, without the punctuation that follows it. */
export function findLinks(text: string): LinkSpan[] {
  const spans: LinkSpan[] = [];
  for (const m of text.matchAll(LINK)) {
    let url = m[2];
    const trail = TRAILING.exec(url);
    if (trail) url = url.slice(0, url.length - trail[0].length);
    // A closing bracket that belongs to the URL itself (a Wikipedia page) stays when it balances one.
    if (trail && trail[0].startsWith(')') && count(url, '(') > count(url, ')')) url += ')';
    if (!isHttpUrl(url)) continue;
    const start = (m.index ?? 0) + m[1].length;
    spans.push({ start, end: start + url.length, url });
  }
  return spans;
}

/** Replaces each link with what `replace` answers for it; the rest of the text is untouched. */
export function replaceLinks(text: string, replace: (url: string) => string): string {
  let out = '';
  let at = 0;
  for (const span of findLinks(text)) {
    out += text.slice(at, span.start) + replace(span.url);
    at = span.end;
  }
  return out + text.slice(at);
}

/** Problems with a template, one message per fault; empty when it is usable. */
export function templateProblems(template: string): string[] {
  const problems: string[] = [];
  if (template.trim() === '') return ['must not be empty'];
  for (const pair of template.split('&')) {
    const eq = pair.indexOf('=');
    const key = eq < 0 ? pair : pair.slice(0, eq);
    if (eq < 0 || !/^[A-Za-z0-9_.-]+$/.test(key)) {
      problems.push(`"${pair}" is not a name=value pair`);
      continue;
    }
    for (const m of pair.slice(eq + 1).matchAll(/\{([^}]*)\}/g)) {
      if (!(UTM_PLACEHOLDERS as readonly string[]).includes(m[1]))
        problems.push(`{${m[1]}} is not a placeholder (${UTM_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')})`);
    }
  }
  return problems;
}

/** The template's parameters with their placeholders filled; a parameter whose value comes out empty is left out. */
export function utmParams(template: string, values: UtmValues): [string, string][] {
  const params: [string, string][] = [];
  for (const pair of template.split('&')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const value = pair.slice(eq + 1).replace(/\{([^}]*)\}/g, (_, name: string) => values[name as UtmPlaceholder] ?? '');
    if (value.trim() !== '') params.push([pair.slice(0, eq), value]);
  }
  return params;
}

/**
 * The URL with the parameters added: its own query and fragment kept, and a parameter it
 * already carries (the author's own utm_source) never overwritten.
 */
export function withParams(url: string, params: [string, string][]): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  const missing = params.filter(([k]) => !parsed.searchParams.has(k));
  if (missing.length === 0) return url;
  const hash = url.indexOf('#');
  const base = hash < 0 ? url : url.slice(0, hash);
  const fragment = hash < 0 ? '' : url.slice(hash);
  const added = missing.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  const sep = !base.includes('?') ? '?' : base.endsWith('?') || base.endsWith('&') ? '' : '&';
  return `${base}${sep}${added}${fragment}`;
}

function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}

function count(s: string, ch: string): number {
  return s.split(ch).length - 1;
}
