import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { LoginRequest, LoginResponse, SessionUser } from '@xiaonao/contracts';
import { AuthService } from './auth.service';
import { CurrentUser, Roles } from './guards';

class LoginDto implements LoginRequest {
  @ApiProperty({ example: 'zhihui' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  username!: string;

  @ApiProperty({ example: '小脑2026' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  password!: string;
}

@ApiTags('auth')
@Controller('api')
export class AuthController {
  constructor(@Inject(AuthService) private readonly auth: AuthService) {}

  @Post('auth/login')
  @HttpCode(200)
  @ApiOkResponse({ description: 'JWT 与当前用户 / a JWT and the user' })
  login(@Body() body: LoginDto): Promise<LoginResponse> {
    return this.auth.login(body.username, body.password);
  }

  @Get('me')
  @Roles()
  me(@CurrentUser() user: SessionUser): SessionUser {
    return user;
  }
}
