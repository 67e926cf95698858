import { readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/**
 * How an npm start script launches node: the environment it sets (`NAME=value` or
 * `NAME=${NAME:-default}` before `exec node`, ADR 214) and node's arguments. Benchmarks start the
 * system with these, so what they measure is what `npm start` runs.
 */
export interface NpmScriptLaunch {
  env: Record<string, string>;
  nodeArgs: string[];
}

/** Reads `script` from package.json; `env` is the environment the script's defaults apply to. */
export function npmScriptLaunch(script: string, env: NodeJS.ProcessEnv = {}): NpmScriptLaunch {
  const scripts = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  const line = scripts[script];
  if (!line) throw new Error(`package.json has no script "${script}"`);
  const last = line.split('&&').at(-1)!.trim();
  const m = /^((?:[A-Z_][A-Z0-9_]*=\S+\s+)*)exec node\s+(.*)$/.exec(last);
  if (!m) throw new Error(`script "${script}" does not end in "[NAME=value …] exec node …": ${last}`);
  const out: Record<string, string> = {};
  for (const assignment of m[1].trim().split(/\s+/).filter(Boolean)) {
    const eq = assignment.indexOf('=');
    const name = assignment.slice(0, eq);
    const value = assignment.slice(eq + 1);
    const fallback = /^\$\{([A-Z_][A-Z0-9_]*):-(.*)\}$/.exec(value);
    out[name] = fallback ? env[fallback[1]] || fallback[2] : value;
  }
  return { env: out, nodeArgs: m[2].split(/\s+/) };
}
