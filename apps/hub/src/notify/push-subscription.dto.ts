/** The body of `PUT /api/workers/me/push`: PushSubscription.toJSON() as the browser hands it out. */
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsNumber, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import type { PushSubscriptionJson } from '@xiaonao/contracts';

class PushKeysDto {
  @ApiProperty({ description: '浏览器的 P-256 公钥，base64url / the browser’s P-256 public key, base64url' })
  @IsString()
  @MaxLength(100)
  p256dh!: string;

  @ApiProperty({ description: '16 字节认证密钥，base64url / the 16-byte auth secret, base64url' })
  @IsString()
  @MaxLength(40)
  auth!: string;
}

export class PushSubscriptionDto implements PushSubscriptionJson {
  @ApiProperty({ description: '推送服务地址 / the push service endpoint (https)' })
  @IsString()
  @MaxLength(2000)
  // A URL as browsers serialise it: printable ASCII, no blanks (it is stored and compared byte for byte).
  @Matches(/^[\x21-\x7e]+$/, { message: '推送地址须为网址 / endpoint must be a URL' })
  endpoint!: string;

  @ApiProperty({ required: false, nullable: true })
  @IsOptional()
  @IsNumber()
  expirationTime?: number | null;

  @ApiProperty({ type: PushKeysDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => PushKeysDto)
  keys!: PushKeysDto;
}
