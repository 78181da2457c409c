/** Request bodies of the hand-back routes, validated at the door (a 400 names the field). */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import {
  HANDOVER_12345_REASONS,
  POLICE_RETURN_REASONS,
  type HandOver12345Request,
  type Handover12345Reason,
  type PoliceReturnReason,
  type ReturnToPoliceRequest,
} from '@xiaonao/contracts';
import { CleanText } from '../errors/clean-text';

export class ReturnToPoliceDto implements ReturnToPoliceRequest {
  @ApiProperty({ enum: POLICE_RETURN_REASONS, description: '退回类别 / why it is a police matter' })
  @IsIn(POLICE_RETURN_REASONS)
  reasonCategory!: PoliceReturnReason;

  @ApiProperty({ example: '现场双方持械，已升级为治安案件', description: '退回理由 / the reason in the returner\'s words' })
  @CleanText({ max: 500, multiline: true })
  reason!: string;

  @ApiPropertyOptional({ example: '男子约30岁，灰色外套，已离开现场往东', description: '现场情况，供派出所参考 / what the worker saw on site' })
  @IsOptional()
  @CleanText({ max: 2000, multiline: true, allowEmpty: true })
  notes?: string;
}

export class HandOver12345Dto implements HandOver12345Request {
  @ApiProperty({ enum: HANDOVER_12345_REASONS, description: '移交类别 / why it is a matter for 12345' })
  @IsIn(HANDOVER_12345_REASONS)
  reasonCategory!: Handover12345Reason;

  @ApiProperty({ example: '属住建部门职责：小区电梯维修', description: '移交理由 / the reason' })
  @CleanText({ max: 500, multiline: true })
  reason!: string;

  @ApiPropertyOptional({ description: '补充说明 / notes' })
  @IsOptional()
  @CleanText({ max: 2000, multiline: true, allowEmpty: true })
  notes?: string;
}
