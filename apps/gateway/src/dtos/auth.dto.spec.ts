import { errorsOf, validate } from '../http/testing/validation';
import { RecordToolCallDto } from '../mcp/mcp.dto';
import { LoginDto, LogoutDto, PasswordResetConfirmDto, PasswordResetRequestDto, RefreshDto, RegisterDto } from './auth.dto';

/** The gateway's validation of the auth and MCP audit bodies through the app's strict pipe (ADR 200). */
describe('auth and MCP audit DTOs', () => {
  const PASSWORD = 'correct-Horse-battery';

  it('passes a registration on in its stored form: email trimmed and lower-cased, name trimmed, password as typed', async () => {
    await expect(validate({ email: '  Ada@Example.COM ', password: ` ${PASSWORD} `, name: ' Ada Lovelace ' }, RegisterDto)).resolves.toEqual({
      email: 'ada@example.com',
      password: ` ${PASSWORD} `,
      name: 'Ada Lovelace',
    });
  });

  it("answers every broken rule of a registration's fields at once, with auth-agent's messages", async () => {
    expect(await errorsOf({ email: 'not-an-email', password: 'abcdef', name: '' }, RegisterDto)).toEqual([
      { field: 'email', message: 'must be a valid email address' },
      { field: 'password', message: 'must be at least 10 characters' },
      { field: 'password', message: 'must mix at least two of: lower-case letters, upper-case letters, digits, symbols' },
      { field: 'name', message: 'is required' },
    ]);
    expect(await errorsOf({ email: 'ada.lovelace@example.com', password: 'Ada.Lovelace@Example.com', name: 'Ada' }, RegisterDto)).toEqual([
      { field: 'password', message: 'must not be your email address' },
    ]);
    expect(await errorsOf({ email: `${'a'.repeat(250)}@example.com`, password: PASSWORD, name: 'n'.repeat(101) }, RegisterDto)).toEqual([
      { field: 'email', message: 'must be at most 254 characters' },
      { field: 'name', message: 'must be at most 100 characters' },
    ]);
    // Characters are code points: 100 emoji are a name of 100 characters.
    expect(await errorsOf({ email: 'ada@example.com', password: PASSWORD, name: '😀'.repeat(100) }, RegisterDto)).toEqual([]);
    expect(await errorsOf({ email: 'ada@example.com', password: PASSWORD, name: 'Ada', role: 'admin' }, RegisterDto)).toEqual([
      { field: 'role', message: 'is not a known field' },
    ]);
    expect(await errorsOf({ email: 42, password: PASSWORD }, RegisterDto)).toEqual([
      { field: 'email', message: 'must be a string' },
      { field: 'name', message: 'is required' },
    ]);
  });

  it("holds a sign-in to bounds only: an account's password is never held to today's policy, and auth-agent compares the email in its stored form", async () => {
    const login = { email: '  Ada@Example.COM ', password: 'short' };
    await expect(validate(login, LoginDto)).resolves.toEqual(login);
    await expect(validate({ email: 'not-an-email', password: ' x ' }, LoginDto)).resolves.toEqual({ email: 'not-an-email', password: ' x ' });
    expect((await errorsOf({ email: '', password: '' }, LoginDto)).map((e) => e.field)).toEqual(['email', 'password']);
    expect((await errorsOf({ email: 'ada@example.com', password: 'x'.repeat(1025) }, LoginDto)).map((e) => e.field)).toEqual(['password']);
  });

  it('takes a logout without a body, with null fields, or with its two fields', async () => {
    await expect(validate(undefined, LogoutDto)).resolves.toEqual({});
    await expect(validate({ refreshToken: null, allSessions: null }, LogoutDto)).resolves.toEqual({ refreshToken: null, allSessions: null });
    await expect(validate({ refreshToken: 'r', allSessions: true }, LogoutDto)).resolves.toEqual({ refreshToken: 'r', allSessions: true });
    expect((await errorsOf({ allSessions: 'yes', other: 1 }, LogoutDto)).map((e) => e.field)).toEqual(['allSessions', 'other']);
  });

  it('checks refresh and password reset bodies; the new password is judged by auth-agent, after the token', async () => {
    expect((await errorsOf({ refreshToken: 42 }, RefreshDto)).map((e) => e.field)).toEqual(['refreshToken']);
    await expect(validate({ email: ' Ada@Example.com' }, PasswordResetRequestDto)).resolves.toEqual({ email: 'ada@example.com' });
    expect(await errorsOf({ email: 'ada@' }, PasswordResetRequestDto)).toEqual([{ field: 'email', message: 'must be a valid email address' }]);
    await expect(validate({ token: 't', password: 'weak' }, PasswordResetConfirmDto)).resolves.toEqual({ token: 't', password: 'weak' });
    expect((await errorsOf({ token: '', password: 'x'.repeat(1025) }, PasswordResetConfirmDto)).map((e) => e.field)).toEqual(['token', 'password']);
  });

  it('checks a tool call that the CLI records', async () => {
    const call = { tool: 'list_content', outcome: 'error', code: 'FORBIDDEN', durationMs: 12 };
    await expect(validate(call, RecordToolCallDto)).resolves.toEqual(call);
    await expect(validate({ ...call, code: null, brandId: null }, RecordToolCallDto)).resolves.toEqual({ ...call, code: null, brandId: null });
    expect((await errorsOf({ ...call, tool: 'drop_tables' }, RecordToolCallDto)).map((e) => e.field)).toEqual(['tool']);
    expect((await errorsOf({ ...call, outcome: 'maybe', code: 'forbidden', brandId: 'x', durationMs: 1.5 }, RecordToolCallDto)).map((e) => e.field)).toEqual([
      'outcome',
      'code',
      'brandId',
      'durationMs',
    ]);
    expect((await errorsOf({ ...call, durationMs: 86_400_001 }, RecordToolCallDto)).map((e) => e.field)).toEqual(['durationMs']);
  });
});
