import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { ApiClient } from '../../../apps/gateway/src/mcp/api-client';
import { CliError, EXIT } from './output';

/** What `login` keeps: the API's address and a personal access token. */
export interface StoredLogin {
  url: string;
  token: string;
  email?: string;
}

export const DEFAULT_URL = 'http://localhost:3000';

/** The user's config folder: $XDG_CONFIG_HOME/marketing-team, ~/.config/marketing-team, or %APPDATA%\marketing-team. */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.XDG_CONFIG_HOME) return path.join(env.XDG_CONFIG_HOME, 'marketing-team');
  if (process.platform === 'win32' && env.APPDATA) return path.join(env.APPDATA, 'marketing-team');
  return path.join(env.HOME || homedir(), '.config', 'marketing-team');
}

export const configFile = () => path.join(configDir(), 'config.json');

export function readLogin(): StoredLogin | null {
  try {
    const parsed = JSON.parse(readFileSync(configFile(), 'utf8')) as Partial<StoredLogin>;
    return typeof parsed.url === 'string' && typeof parsed.token === 'string' ? (parsed as StoredLogin) : null;
  } catch {
    return null;
  }
}

/** Written readable by the user alone (0600, in a 0700 folder): it holds a token. */
export function writeLogin(login: StoredLogin): string {
  const dir = configDir();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = configFile();
  writeFileSync(file, `${JSON.stringify(login, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return file;
}

export function forgetLogin(): boolean {
  const file = configFile();
  try {
    readFileSync(file);
  } catch {
    return false;
  }
  rmSync(file, { force: true });
  return true;
}

/** The API address: --url, else MARKETING_TEAM_URL, else the stored login's, else localhost:3000. */
export function apiUrl(flag?: string): string {
  return (flag || process.env.MARKETING_TEAM_URL || readLogin()?.url || DEFAULT_URL).replace(/\/$/, '');
}

/** An API client with the token of MARKETING_TEAM_TOKEN or of `login`. */
export function signedInClient(urlFlag?: string): ApiClient {
  const token = process.env.MARKETING_TEAM_TOKEN || readLogin()?.token;
  if (!token) throw new CliError(EXIT.UNAUTHENTICATED, 'UNAUTHENTICATED', 'Not signed in: run `marketing-team login` (or set MARKETING_TEAM_TOKEN).');
  return new ApiClient({ baseUrl: apiUrl(urlFlag), authorization: `Bearer ${token}`, headers: { 'user-agent': 'marketing-team-cli' } });
}
