import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { FEEDBACK_DOORS, type FeedbackDoor, type FeedbackResendRequest, type FeedbackSubscriptionRequest, type ResultCodeMap } from '@xiaonao/contracts';

export class FeedbackSubscriptionDto implements FeedbackSubscriptionRequest {
  @ApiPropertyOptional({ nullable: true, description: '接收结果的 HTTPS/HTTP 地址；空为不推送 / the receiver URL; null turns the webhook off' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(2000)
  @Matches(/^https?:\/\/[^\s]+$/, { message: '须为 http(s) 地址 / must be an http(s) URL' })
  webhookUrl?: string | null;

  @ApiPropertyOptional({ description: 'Standard Webhooks 密钥 whsec_<base64>；不填则保留原密钥 / absent keeps the stored secret' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(/^whsec_[A-Za-z0-9+/]{24,}={0,2}$/, { message: '须为 whsec_ 加 base64（至少18字节）/ must be whsec_ and base64 of at least 18 bytes' })
  webhookSecret?: string;

  @ApiPropertyOptional({ description: '同时发布到 JetStream / also publish on JetStream' })
  @IsOptional()
  @IsBoolean()
  jetstream?: boolean;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' }, description: '结果类型 → 对方结果代码（如 GA/T 2000.152）/ result kind → the receiver’s code' })
  @IsOptional()
  @IsObject()
  resultCodes?: ResultCodeMap;

  @ApiPropertyOptional({ type: [String], description: '这些权属单位的摄像头事件也推送到此 / camera owners whose cases feed back here' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  cameraOwners?: string[];

  @ApiPropertyOptional({ minimum: 1, maximum: 100, description: '转入死信前的尝试次数 / attempts before a dead letter' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  maxAttempts?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class FeedbackResendDto implements FeedbackResendRequest {
  @ApiPropertyOptional({ description: '重发这一条死信 / resend this dead letter' })
  @IsOptional()
  @IsString()
  @Matches(/^evt_[0-9a-f]{32}$/, { message: '须为事件编号 evt_… / must be an event id evt_…' })
  eventId?: string;

  @ApiPropertyOptional({ enum: FEEDBACK_DOORS })
  @IsOptional()
  @IsIn(FEEDBACK_DOORS)
  door?: FeedbackDoor;

  @ApiProperty({ required: false, description: '重发该对接方的全部死信 / resend every dead letter of this integration' })
  @IsOptional()
  @IsString()
  @Matches(/^[0-9a-f-]{36}$/, { message: '须为对接方编号 / must be an integration id' })
  integrationId?: string;
}
