import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The module boundaries of the workspace (the Nx tags scope:gateway, scope:agent, scope:lib),
 * checked on every test run: an agent never imports another app, the gateway never imports an
 * agent, libraries never import apps, and process.env is read only where settings are loaded;
 * publishing-agent's parts import each other in one direction only (ADR 135).
 */
const ROOT = path.resolve(__dirname, '..');

function files(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist') continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...files(full));
    else if (/\.tsx?$/.test(name) && !/\.(spec|e2e-spec|test)\.tsx?$/.test(name)) out.push(full);
  }
  return out;
}

/** Every TypeScript file under dir, specs included. */
function allFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (name === 'node_modules' || name === 'dist') return [];
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? allFiles(full) : /\.tsx?$/.test(name) ? [full] : [];
  });
}

const apps = readdirSync(path.join(ROOT, 'apps')).filter((a) => a !== 'web');
const sources = [...apps.map((a) => path.join(ROOT, 'apps', a, 'src')), path.join(ROOT, 'libs')].flatMap(files);

/**
 * The domains whose gateway DTOs are built from the zod shapes in libs/messages (ADR 182):
 * apps/gateway/src/dtos/<domain>.dto.ts, or apps/gateway/src/<folder>/<name>.dto.ts for a
 * `<folder>/<name>` entry (the MCP module keeps its DTOs beside it).
 */
const ZOD_DOMAINS = [
  'brand',
  'campaign',
  'webhook',
  'connection',
  'content-review',
  'content',
  'content-targets',
  'media',
  'abtests',
  'adsets',
  'analytics',
  'insights',
  'ai-provider',
  'ai-usage',
  'job',
  'pagination',
  'tokens',
  'notifications',
  'messages',
  'inbound',
  'brand-strategy',
  'voice',
  'schedule',
  'calendar',
  'queue',
  'auth',
  'mcp/mcp',
];

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"]([^'"]+)['"]/g)].map((m) => m[1]);
}

function appOf(file: string): string | null {
  const rel = path.relative(ROOT, file).split(path.sep);
  return rel[0] === 'apps' ? rel[1] : null;
}

describe('module boundaries', () => {
  it('lets the web app reach shared shapes only by name (@mt/contracts, @mt/platforms), never by a climb out of apps/web', () => {
    const web = path.join(ROOT, 'apps', 'web', 'src');
    const climbs = allFiles(web).flatMap((file) =>
      importsOf(file)
        .filter((spec) => spec.startsWith('.') && !path.resolve(path.dirname(file), spec).startsWith(web + path.sep))
        .map((spec) => `${path.relative(ROOT, file)} imports ${spec}`),
    );
    expect(climbs).toEqual([]);
  });

  it('keeps the shapes of the converted domains in zod (ADR 182): no decorator-checked DTO comes back, and the web app can import every shape', () => {
    const violations: string[] = [];
    for (const domain of ZOD_DOMAINS) {
      const dto = path.join(ROOT, 'apps', 'gateway', 'src', ...(domain.includes('/') ? [] : ['dtos']), `${domain}.dto.ts`);
      for (const spec of importsOf(dto)) if (/^class-(validator|transformer)$/.test(spec)) violations.push(`${path.relative(ROOT, dto)} imports ${spec}`);
      if (!readFileSync(dto, 'utf8').includes('zodDto(')) violations.push(`${path.relative(ROOT, dto)} builds no DTO from a shape`);
    }
    // The shapes run in the browser too: zod, their own contracts and the platform catalogue (@mt/platforms, no imports of its own) only.
    const shapes = path.join(ROOT, 'libs', 'messages', 'src', 'contracts', 'shapes');
    for (const file of files(shapes)) {
      for (const spec of importsOf(file)) {
        const inContracts = spec.startsWith('.') && path.resolve(path.dirname(file), spec).startsWith(path.join(ROOT, 'libs', 'messages', 'src', 'contracts'));
        if (spec !== 'zod' && spec !== '@mt/platforms' && !inContracts) violations.push(`${path.relative(ROOT, file)} imports ${spec}`);
      }
    }
    // Nor may the web app name a library's files by path (a baseUrl import such as 'libs/messages/…').
    for (const file of allFiles(path.join(ROOT, 'apps', 'web', 'src')))
      for (const spec of importsOf(file)) if (/(^|\/)libs\//.test(spec)) violations.push(`${path.relative(ROOT, file)} imports ${spec}`);
    expect(violations).toEqual([]);
  });

  it('validates and documents requests with zod alone (ADR 201): no code imports the decorator validation libraries', () => {
    const violations = ['apps', 'libs', 'tools', 'test'].flatMap((dir) =>
      allFiles(path.join(ROOT, dir)).flatMap((file) =>
        importsOf(file)
          .filter((spec) => /^class-(validator|transformer)(\/|$)/.test(spec))
          .map((spec) => `${path.relative(ROOT, file)} imports ${spec}`),
      ),
    );
    expect(violations).toEqual([]);
  });

  it('keeps every app and library to its own code and the libraries', () => {
    const violations: string[] = [];
    for (const file of sources) {
      const owner = appOf(file);
      for (const spec of importsOf(file)) {
        if (!spec.startsWith('.')) continue;
        const target = path.resolve(path.dirname(file), spec);
        const rel = path.relative(ROOT, target).split(path.sep);
        if (rel[0] === 'apps' && rel[1] !== owner) {
          violations.push(`${path.relative(ROOT, file)} imports ${rel.slice(0, 2).join('/')}`);
        }
        if (!owner && rel[0] === 'apps') violations.push(`library ${path.relative(ROOT, file)} imports an app`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('reads process.env only in configuration loading and process entry points', () => {
    const allowed = [/\/main\.ts$/, /config\/[a-z-]+\.config\.ts$/, /runtime-config\.ts$/, /\/(test|testing)\//];
    const readers = sources
      .filter((f) => /process\.env\b/.test(readFileSync(f, 'utf8').replace(/\/\/.*|\/\*[\s\S]*?\*\//g, '')))
      .map((f) => path.relative(ROOT, f))
      .filter((f) => !allowed.some((re) => re.test(f)));
    expect(readers).toEqual([]);
  });

  it("logs through AppLogger, never Nest's bare Logger, so a line names the app that wrote it in the one-process mode", () => {
    const bare = sources
      .filter((f) => /\bnew Logger\(/.test(readFileSync(f, 'utf8').replace(/\/\/.*|\/\*[\s\S]*?\*\//g, '')))
      .map((f) => path.relative(ROOT, f));
    expect(bare).toEqual([]);
  });

  it("keeps publishing-agent's parts in their rooms: performance → scheduling → channels, crypto beneath them, no lookups by name", () => {
    // ADR 135: each part imports only the parts below it; the shared top level (config, net) is open to all.
    const src = path.join(ROOT, 'apps', 'publishing-agent', 'src');
    const below: Record<string, string[]> = {
      crypto: [],
      channels: ['crypto'],
      scheduling: ['channels', 'crypto'],
      performance: ['scheduling', 'channels', 'crypto'],
    };
    const roomOf = (file: string) => {
      const first = path.relative(src, file).split(path.sep)[0];
      return first in below ? first : null;
    };
    const violations: string[] = [];
    for (const file of sources.filter((f) => f.startsWith(src + path.sep))) {
      const room = roomOf(file);
      if (/moduleRef\.get\([^)]*strict:\s*false/.test(readFileSync(file, 'utf8'))) violations.push(`${path.relative(ROOT, file)} looks a provider up by name`);
      if (!room) continue;
      for (const spec of importsOf(file)) {
        if (!spec.startsWith('.')) continue;
        const target = roomOf(path.resolve(path.dirname(file), spec));
        if (target && target !== room && !below[room].includes(target)) violations.push(`${path.relative(ROOT, file)} (${room}) imports ${target}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('tags every Nx project with its scope', () => {
    for (const app of apps) {
      const project = JSON.parse(readFileSync(path.join(ROOT, 'apps', app, 'project.json'), 'utf8'));
      expect(project.tags).toEqual([app === 'gateway' ? 'scope:gateway' : 'scope:agent']);
    }
    for (const lib of readdirSync(path.join(ROOT, 'libs'))) {
      const project = JSON.parse(readFileSync(path.join(ROOT, 'libs', lib, 'project.json'), 'utf8'));
      expect(project.tags).toEqual(['scope:lib']);
    }
  });

  it("builds every agent's medium tests on its factory (apps/<agent>/test/medium.ts), never on a hand-wired database", () => {
    const testCode = apps.flatMap((a) => allFiles(path.join(ROOT, 'apps', a))).filter((f) => /\.spec\.ts$/.test(f) || f.includes(`${path.sep}test${path.sep}`));
    const handWired = testCode.filter((f) => /\bcreateTestDatabase\b/.test(readFileSync(f, 'utf8'))).map((f) => path.relative(ROOT, f));
    expect(handWired).toEqual([]);
  });

  it('gives every Nx project its own type check and build, and the type check covers every TypeScript file of the project', () => {
    const projects = [...apps.map((a) => path.join('apps', a)), ...readdirSync(path.join(ROOT, 'libs')).map((l) => path.join('libs', l))];
    const hasTs = (dir: string): boolean =>
      readdirSync(dir).some((name) => {
        const full = path.join(dir, name);
        return statSync(full).isDirectory() ? hasTs(full) : /\.ts$/.test(name);
      });
    for (const root of projects) {
      const project = JSON.parse(readFileSync(path.join(ROOT, root, 'project.json'), 'utf8'));
      expect({ root, typecheck: project.targets.typecheck?.command, build: project.targets.build?.command }).toEqual({
        root,
        typecheck: `tsc -p ${root}/tsconfig.spec.json`,
        build: `tsc -p ${root}/tsconfig.build.json`,
      });
      const included: string[] = JSON.parse(readFileSync(path.join(ROOT, root, 'tsconfig.spec.json'), 'utf8')).include;
      const folders = readdirSync(path.join(ROOT, root)).filter(
        (name) => statSync(path.join(ROOT, root, name)).isDirectory() && hasTs(path.join(ROOT, root, name)),
      );
      expect({ root, uncovered: folders.filter((f) => !included.includes(`${f}/**/*.ts`)) }).toEqual({ root, uncovered: [] });
    }
  });
});
