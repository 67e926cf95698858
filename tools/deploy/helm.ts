import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

const ROOT = path.resolve(__dirname, '../..');
export const CHART_DIR = path.join(ROOT, 'deploy/helm/marketing-team');
const RENDERER_SRC = path.join(__dirname, 'helm-render');

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: any;
  data?: Record<string, string>;
  [key: string]: any;
}

/**
 * Builds tools/deploy/helm-render (Go text/template + Sprig, Helm's engine) once per source
 * version. Needs Debian's golang-go, golang-github-masterminds-sprig-dev and golang-gopkg-yaml.v3-dev
 * (GOPATH mode on /usr/share/gocode: no module download).
 */
export function buildRenderer(): string {
  const source = readdirSync(RENDERER_SRC).map((f) => readFileSync(path.join(RENDERER_SRC, f), 'utf8')).join('\n');
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 12);
  const dir = path.join(os.tmpdir(), 'mt-helm-render');
  const bin = path.join(dir, `helm-render-${hash}`);
  if (existsSync(bin) && statSync(bin).size > 0) return bin;
  mkdirSync(dir, { recursive: true });
  execFileSync('go', ['build', '-o', bin, '.'], {
    cwd: RENDERER_SRC,
    env: { ...process.env, GO111MODULE: 'off', GOPATH: '/usr/share/gocode', GOFLAGS: '', GOCACHE: path.join(dir, 'cache') },
    stdio: 'pipe',
  });
  return bin;
}

export interface Rendered {
  objects: K8sObject[];
  notes: string;
}

/** `helm template` with the given values files; throws the renderer's message on a template error. */
export function renderChart(bin: string, valuesFiles: string[] = [], opts: { apiVersions?: string[]; release?: string; namespace?: string } = {}): Rendered {
  const notesFile = path.join(os.tmpdir(), `mt-notes-${process.pid}-${Date.now()}.txt`);
  const args = ['-chart', CHART_DIR, '-name', opts.release ?? 'mt', '-namespace', opts.namespace ?? 'marketing', '-notes', notesFile];
  for (const f of valuesFiles) args.push('-f', f);
  if (opts.apiVersions?.length) args.push('-api-versions', opts.apiVersions.join(','));
  let out: string;
  try {
    out = execFileSync(bin, args, { encoding: 'utf8', stdio: 'pipe' });
  } catch (err) {
    throw new Error(String((err as { stderr?: string }).stderr ?? (err as Error).message).trim());
  }
  const objects: K8sObject[] = [];
  for (const doc of parseAllDocuments(out)) {
    if (doc.errors.length) throw new Error(`rendered YAML does not parse: ${doc.errors[0].message}`);
    const value = doc.toJS() as K8sObject | null;
    if (value) objects.push(value);
  }
  return { objects, notes: existsSync(notesFile) ? readFileSync(notesFile, 'utf8') : '' };
}

/** The kubernetes-models class of an object's apiVersion and kind (core, KEDA, Prometheus Operator). */
export function modelOf(o: K8sObject): (new (data: unknown) => { validate(): void }) | null {
  const [group, version] = o.apiVersion.includes('/') ? o.apiVersion.split('/') : ['', o.apiVersion];
  const candidates =
    group === 'keda.sh'
      ? [`@kubernetes-models/keda/keda.sh/${version}/${o.kind}`]
      : group === 'monitoring.coreos.com'
        ? [`@kubernetes-models/prometheus-operator/monitoring.coreos.com/${version}/${o.kind}`]
        : [`kubernetes-models/${group ? `${group}/` : ''}${version}/${o.kind}`];
  for (const c of candidates) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require(c) as Record<string, new (data: unknown) => { validate(): void }>;
      if (mod[o.kind]) return mod[o.kind];
    } catch {
      // not a known model
    }
  }
  return null;
}
