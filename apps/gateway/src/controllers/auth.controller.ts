import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiCreatedResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from '../http/fastify-request';
import { AUTH_ERRORS, AUTH_TASKS, type PasswordResetRequested, MeshClient, MeshError, type RequestOptions, type TokenReusedDetails } from '@mt/messages';
import {
  AuthSessionDto,
  LoginDto,
  LogoutDto,
  PasswordResetConfirmDto,
  PasswordResetRequestDto,
  PasswordResetRequestedDto,
  RefreshDto,
  RegisterDto,
  TokenPairDto,
  UserDto,
} from '../dtos/auth.dto';
import { CurrentUser, type CurrentUserInfo, Public } from '../http/current-user';
import { PROBLEM_CONTENT_TYPE } from '../http/problem';
import { SessionRevocations } from '../services/session-revocations.service';
import { SignInBackoff } from '../services/sign-in-backoff.service';

const problem = (status: number, description: string) =>
  ApiResponse({ status, description, content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } } });

/** Register, login, refresh, logout, me: validated here, decided by auth-agent. */
@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly mesh: MeshClient,
    private readonly revocations: SessionRevocations,
    private readonly backoff: SignInBackoff,
  ) {}

  @Public()
  @Post('register')
  @HttpCode(201)
  @ApiOperation({ summary: 'Create an account and sign in' })
  @ApiCreatedResponse({ type: AuthSessionDto })
  @problem(400, 'VALIDATION_FAILED: errors[] names each field and broken rule (password policy, email, name, unknown fields)')
  @problem(409, 'EMAIL_TAKEN: an account with this email exists')
  register(@Body() body: RegisterDto, @Req() req: Request): Promise<AuthSessionDto> {
    return this.mesh.request(AUTH_TASKS.register, { ...body, ip: req.ip }, meshOptions(req));
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with email and password' })
  @ApiOkResponse({ type: AuthSessionDto })
  @problem(401, 'INVALID_CREDENTIALS: the same answer whether the email exists or not')
  @problem(429, 'RATE_LIMITED: too many sign-ins from this address, or too many failed ones for this account (Retry-After)')
  async login(@Body() body: LoginDto, @Req() req: Request): Promise<AuthSessionDto> {
    await this.backoff.check(body.email);
    try {
      const session = await this.mesh.request(AUTH_TASKS.login, { ...body, ip: req.ip }, meshOptions(req));
      await this.backoff.succeeded(body.email).catch(() => undefined);
      return session;
    } catch (err) {
      if (err instanceof MeshError && err.code === AUTH_ERRORS.invalidCredentials) await this.backoff.failed(body.email).catch(() => undefined);
      throw err;
    }
  }

  @Public()
  @Post('password-reset')
  @HttpCode(202)
  @ApiOperation({ summary: 'Mail a password reset link to the address, if it is registered; the answer is the same either way' })
  @ApiResponse({ status: 202, type: PasswordResetRequestedDto })
  resetRequest(@Body() body: PasswordResetRequestDto, @Req() req: Request): Promise<PasswordResetRequested> {
    return this.mesh.request(AUTH_TASKS.requestPasswordReset, { email: body.email }, meshOptions(req));
  }

  @Public()
  @Post('password-reset/confirm')
  @HttpCode(204)
  @ApiOperation({ summary: 'Set a new password with the mailed token (once); every session of the account ends' })
  @ApiNoContentResponse({ description: 'The password is changed; sign in again' })
  @problem(400, 'VALIDATION_FAILED: the token is invalid, used or expired, or the password breaks the policy')
  async resetConfirm(@Body() body: PasswordResetConfirmDto, @Req() req: Request): Promise<void> {
    const done = await this.mesh.request(AUTH_TASKS.confirmPasswordReset, { token: body.token, password: body.password }, meshOptions(req));
    await this.revocations.revoke(done.revokedSessionIds);
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange a refresh token for a new pair; the presented one is spent' })
  @ApiOkResponse({ type: TokenPairDto })
  @problem(401, 'UNAUTHENTICATED (unknown token), TOKEN_EXPIRED, or TOKEN_REUSED (already spent or revoked: the whole session is ended)')
  async refresh(@Body() body: RefreshDto, @Req() req: Request): Promise<TokenPairDto> {
    try {
      return await this.mesh.request(AUTH_TASKS.refresh, { refreshToken: body.refreshToken }, meshOptions(req));
    } catch (err) {
      // A replayed refresh token ended its session: its access tokens stop working now, not at expiry.
      const sessionId =
        err instanceof MeshError && err.code === AUTH_ERRORS.tokenReused ? (err.details as TokenReusedDetails | undefined)?.sessionId : undefined;
      if (sessionId) await this.revocations.revoke([sessionId]);
      throw err;
    }
  }

  @Post('logout')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'End this session (and the one of the refresh token sent, or every session with allSessions)' })
  @ApiNoContentResponse({ description: 'Ended; its refresh tokens and access tokens no longer work' })
  async logout(@CurrentUser() user: CurrentUserInfo, @Body() body: LogoutDto, @Req() req: Request): Promise<void> {
    const result = await this.mesh.request(
      AUTH_TASKS.logout,
      {
        actor: actorOf(user, req),
        sessionId: user.sessionId,
        // Sent as null: left out, as it always was.
        refreshToken: body.refreshToken ?? undefined,
        allSessions: body.allSessions ?? undefined,
      },
      meshOptions(req),
    );
    await this.revocations.revoke(result.revokedSessionIds);
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The signed-in user' })
  @ApiOkResponse({ type: UserDto })
  me(@CurrentUser() user: CurrentUserInfo, @Req() req: Request): Promise<UserDto> {
    return this.mesh.request(AUTH_TASKS.me, { actor: actorOf(user, req) }, meshOptions(req));
  }
}

function actorOf(user: CurrentUserInfo, req: Request) {
  return { userId: user.id, requestId: req.trace?.requestId };
}

/** The request's trace travels into the mesh, so the agent's work joins it. */
function meshOptions(req: Request): RequestOptions {
  const t = req.trace;
  return t ? { parent: { trace_id: t.traceId, span_id: t.spanId, correlation_id: t.requestId } } : {};
}
