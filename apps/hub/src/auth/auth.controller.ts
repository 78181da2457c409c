import { Body, Controller, Get, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiProperty, ApiResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { Request } from 'express';
import { CleanText } from '../errors/clean-text';
import type { LoginRequest, LoginResponse, RefreshRequest, SessionUser } from '@xiaonao/contracts';
import { AuthService } from './auth.service';
import { CurrentSession, CurrentUser, Roles } from './guards';
import type { ClientInfo } from './session-store';

class LoginDto implements LoginRequest {
  @ApiProperty({ example: 'zhihui' })
  @CleanText({ max: 64 })
  username!: string;

  // Not normalised: a password is compared as typed (every door still refuses NUL and lone surrogates).
  @ApiProperty({ example: '小脑2026' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  password!: string;
}

class RefreshDto implements RefreshRequest {
  @ApiProperty({ description: '上次登录或刷新得到的 refreshToken（只能用一次）/ the refreshToken from the last sign-in or refresh (single use)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  refreshToken!: string;
}

/** The address behind TRUST_PROXY's proxies (req.ip), and the browser, for the session record and the address limit. */
function clientOf(req: Request): ClientInfo {
  const userAgent = req.headers['user-agent'];
  return { ip: req.ip ?? req.socket.remoteAddress ?? 'unknown', userAgent: typeof userAgent === 'string' ? userAgent : null };
}

@ApiTags('auth')
@Controller('api')
export class AuthController {
  constructor(@Inject(AuthService) private readonly auth: AuthService) {}

  @Post('auth/login')
  @HttpCode(200)
  @ApiOkResponse({ description: '访问令牌（约 15 分钟）、一次性刷新令牌与当前用户 / an access token (about 15 min), a single-use refresh token and the user' })
  @ApiResponse({ status: 423, description: '连续输错密码，账号已锁定（Retry-After）/ locked after consecutive failures (Retry-After)' })
  @ApiResponse({ status: 429, description: '本地址失败次数过多（Retry-After）/ too many failures from this address (Retry-After)' })
  login(@Body() body: LoginDto, @Req() req: Request): Promise<LoginResponse> {
    return this.auth.login(body.username, body.password, clientOf(req));
  }

  @Post('auth/refresh')
  @HttpCode(200)
  @ApiOkResponse({ description: '新的访问令牌与刷新令牌；旧刷新令牌作废 / a new access and refresh token; the old refresh token is spent' })
  @ApiUnauthorizedResponse({ description: 'REFRESH_TOKEN_INVALID，或 REFRESH_TOKEN_REUSED（已用过的刷新令牌：整个会话被撤销）/ or REFRESH_TOKEN_REUSED: the whole session is revoked' })
  refresh(@Body() body: RefreshDto): Promise<LoginResponse> {
    return this.auth.refresh(body.refreshToken);
  }

  @Post('auth/logout')
  @HttpCode(204)
  @Roles()
  @ApiNoContentResponse({ description: '会话结束：令牌失效，其 socket 被关闭 / the session ended: its tokens stop working and its sockets are closed' })
  logout(@CurrentSession() sessionId: string): Promise<void> {
    return this.auth.logout(sessionId);
  }

  @Get('me')
  @Roles()
  me(@CurrentUser() user: SessionUser): SessionUser {
    return user;
  }
}
