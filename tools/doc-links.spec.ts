import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Links that cannot rot unseen: every relative link of the Markdown documents points to a file
 * of the repository, and so does every `ADR NNN` and every `….md` path named in the code.
 */
const ROOT = path.resolve(__dirname, '..');
const SKIP = new Set(['node_modules', 'dist', '.git', '.nx', 'coverage']);

function walk(dir: string, keep: (name: string) => boolean): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (SKIP.has(name)) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...walk(full, keep));
    else if (keep(name)) out.push(full);
  }
  return out;
}

const rel = (file: string) => path.relative(ROOT, file);
const adrNumbers = new Set(
  readdirSync(path.join(ROOT, 'docs', 'adr'))
    .map((n) => /^(\d{3})-.+\.md$/.exec(n)?.[1])
    .filter((n): n is string => !!n)
    .map(Number),
);

/** `[text](target)` outside code spans and fences. */
function markdownLinks(text: string): string[] {
  const prose = text.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  return [...prose.matchAll(/\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]);
}

/** The ADR numbers a text names: `ADR 85`, `ADR 085`, `ADRs 30 and 101`, `ADR 20, 21`. */
function adrReferences(text: string): number[] {
  const refs: number[] = [];
  for (const m of text.matchAll(/\bADRs?[ -]((?:\d{1,3})(?:(?:,\s*|\s+and\s+|\s*\/\s*)\d{1,3})*)\b/g)) {
    for (const n of m[1].match(/\d{1,3}/g) ?? []) refs.push(Number(n));
  }
  return refs;
}

describe('links', () => {
  it('every relative link in the Markdown documents points to an existing file', () => {
    const docs = [...walk(path.join(ROOT, 'docs'), (n) => n.endsWith('.md')), ...walk(ROOT, (n) => n === 'README.md')];
    const broken: string[] = [];
    for (const file of new Set(docs)) {
      for (const target of markdownLinks(readFileSync(file, 'utf8'))) {
        if (/^(?:[a-z][a-z0-9+.-]*:|#|\/)/i.test(target)) continue; // URLs, anchors, routes of the running app
        const bare = decodeURIComponent(target.split('#')[0]);
        if (!bare) continue;
        if (!existsSync(path.resolve(path.dirname(file), bare))) broken.push(`${rel(file)} → ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('every ADR number and every Markdown path named in the code exists', () => {
    const code = walk(ROOT, (n) => /\.(ts|tsx|js|mjs)$/.test(n)).filter((f) => !rel(f).startsWith('docs'));
    const broken: string[] = [];
    for (const file of code) {
      const text = readFileSync(file, 'utf8');
      for (const n of adrReferences(text)) if (!adrNumbers.has(n)) broken.push(`${rel(file)} names ADR ${n}`);
      for (const m of text.matchAll(/(?<![\w@])((?:\.{1,2}\/|\/)?(?:[\w.-]+\/)*[\w.-]+\.md)\b/g)) {
        const mention = m[1];
        // A path from the repository root, from the file itself, or a route of the web app serving docs/.
        const candidates = mention.startsWith('/') ? [path.join(ROOT, mention)] : [path.join(ROOT, mention), path.resolve(path.dirname(file), mention)];
        if (!candidates.some((c) => existsSync(c))) broken.push(`${rel(file)} names ${mention}`);
      }
    }
    expect(broken).toEqual([]);
  });
});
