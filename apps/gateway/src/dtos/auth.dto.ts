import {
  AuthSessionShape,
  LoginShape,
  LogoutShape,
  PasswordResetConfirmShape,
  PasswordResetRequestedShape,
  PasswordResetRequestShape,
  RefreshShape,
  RegisterShape,
  TokenPairShape,
  UserShape,
} from '@mt/messages';
import { zodDto } from '../http/zod-dto';

/*
 * The auth routes' shapes come from libs/messages (ADR 200). A registration's email, name and
 * password rules are checked here and again by auth-agent, which adds what needs the stored
 * accounts: a taken email, a valid reset token, a guessable password (zxcvbn-ts).
 */

export class RegisterDto extends zodDto(RegisterShape) {}
export class LoginDto extends zodDto(LoginShape) {}
export class RefreshDto extends zodDto(RefreshShape) {}
export class LogoutDto extends zodDto(LogoutShape) {}
export class UserDto extends zodDto(UserShape) {}
export class TokenPairDto extends zodDto(TokenPairShape) {}
export class AuthSessionDto extends zodDto(AuthSessionShape) {}
export class PasswordResetRequestDto extends zodDto(PasswordResetRequestShape) {}
export class PasswordResetRequestedDto extends zodDto(PasswordResetRequestedShape) {}
export class PasswordResetConfirmDto extends zodDto(PasswordResetConfirmShape) {}
