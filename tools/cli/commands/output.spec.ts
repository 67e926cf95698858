import { ApiProblem } from '../../../apps/gateway/src/mcp/api-client';
import { CliError, EXIT, exitCodeOf, table } from './output';

describe('the CLI exit codes (docs/cli.md)', () => {
  const problem = (status: number, code: string) => new ApiProblem(status, code, 'detail', {});

  it.each([
    [401, 'UNAUTHENTICATED', EXIT.UNAUTHENTICATED],
    [403, 'FORBIDDEN', EXIT.FORBIDDEN],
    [404, 'NOT_FOUND', EXIT.NOT_FOUND],
    [400, 'VALIDATION_FAILED', EXIT.REFUSED],
    [409, 'CONFLICT', EXIT.REFUSED],
    [429, 'RATE_LIMITED', EXIT.REFUSED],
    [503, 'AGENT_UNAVAILABLE', EXIT.UNAVAILABLE],
  ])('maps an API answer %i %s to exit %i, keeping the problem code', (status, code, exit) => {
    expect(exitCodeOf(problem(status, code))).toMatchObject({ exitCode: exit, code });
  });

  it('names a bad setting, and an unreachable API, and keeps a CLI error as thrown', () => {
    const setting = Object.assign(new Error('setting PORT: must be a number'), { name: 'ConfigError', setting: 'PORT' });
    expect(exitCodeOf(setting)).toMatchObject({ exitCode: EXIT.USAGE, code: 'SETTING_INVALID', extra: { setting: 'PORT' } });
    const down = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    expect(exitCodeOf(down)).toMatchObject({ exitCode: EXIT.UNAVAILABLE, code: 'UNREACHABLE', message: expect.stringContaining('ECONNREFUSED') });
    expect(exitCodeOf(new CliError(EXIT.JOB_FAILED, 'JOB_FAILED', 'no'))).toMatchObject({ exitCode: 9, code: 'JOB_FAILED' });
  });

  it('lines up columns', () => {
    expect(table([['a', 'long value', null]], ['ID', 'NAME', 'ROLE'])).toBe('ID  NAME        ROLE\na   long value  -');
  });
});
