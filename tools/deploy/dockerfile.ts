import { readFileSync } from 'node:fs';

/** One instruction of a Dockerfile: keyword and its arguments (continuation lines joined). */
export interface Instruction {
  keyword: string;
  args: string;
}

/** The instructions of a Dockerfile, by stage (a stage starts at each FROM). Enough for checks, not a full parser. */
export function parseDockerfile(file: string): Instruction[][] {
  const lines = readFileSync(file, 'utf8').replace(/\\\r?\n/g, ' ').split(/\r?\n/);
  const stages: Instruction[][] = [];
  for (const raw of lines) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^([A-Za-z]+)\s+(.*)$/.exec(line);
    if (!m) continue;
    const keyword = m[1].toUpperCase();
    if (keyword === 'FROM') stages.push([]);
    stages[stages.length - 1]?.push({ keyword, args: m[2].trim() });
  }
  return stages;
}

/**
 * The argv of an exec-form CMD/ENTRYPOINT (`["node", …]`); null for the shell form, which runs
 * `/bin/sh -c` as PID 1.
 */
export function execForm(args: string): string[] | null {
  if (!args.startsWith('[')) return null;
  const argv = JSON.parse(args) as unknown;
  return Array.isArray(argv) && argv.every((a) => typeof a === 'string') ? (argv as string[]) : null;
}

/** What the final image runs as PID 1: ENTRYPOINT (exec form) followed by CMD (exec form). */
export function startCommand(stages: Instruction[][]): string[] {
  const final = stages[stages.length - 1];
  const last = (k: string) => [...final].reverse().find((i) => i.keyword === k);
  const entry = last('ENTRYPOINT');
  const cmd = last('CMD');
  if (!cmd && !entry) throw new Error('the final stage has no CMD or ENTRYPOINT');
  const entryArgv = entry ? execForm(entry.args) : [];
  const cmdArgv = cmd ? execForm(cmd.args) : [];
  if (entryArgv === null) throw new Error(`ENTRYPOINT is in shell form (${entry?.args}): /bin/sh would be PID 1`);
  if (cmdArgv === null) throw new Error(`CMD is in shell form (${cmd?.args}): /bin/sh would be PID 1`);
  return [...entryArgv, ...cmdArgv];
}
