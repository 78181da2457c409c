/** Request bodies of the 回访 routes, validated at the door (a 400 names the field). */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, Max, Min } from 'class-validator';
import {
  FOLLOWUP_DECISIONS,
  SATISFACTIONS,
  type FollowUpDecision,
  type RecordFollowUpRequest,
  type ResolveSupervisionRequest,
  type Satisfaction,
  type SignOffRequest,
} from '@xiaonao/contracts';
import { MAX_SUPERVISION_HOURS } from '@xiaonao/domain';
import { CleanText } from '../errors/clean-text';

export class RecordFollowUpDto implements RecordFollowUpRequest {
  @ApiProperty({ description: '是否联系上回访对象 / whether the caller was reached' })
  @IsBoolean()
  reached!: boolean;

  @ApiPropertyOptional({ enum: SATISFACTIONS, description: '满意度（联系上时必填）/ satisfaction, required when reached' })
  @IsOptional()
  @IsIn(SATISFACTIONS)
  satisfaction?: Satisfaction;

  @ApiPropertyOptional({ description: '问题是否解决（联系上时必填）/ solved, required when reached' })
  @IsOptional()
  @IsBoolean()
  solved?: boolean;

  @ApiPropertyOptional({ example: '群众反映噪音已停止', description: '回访记录 / notes' })
  @IsOptional()
  @CleanText({ max: 2000, multiline: true, allowEmpty: true })
  notes?: string;

  @ApiPropertyOptional({ enum: FOLLOWUP_DECISIONS, description: '处理决定：不满意或未解决时须为 reopen 或 supervise / the decision' })
  @IsOptional()
  @IsIn(FOLLOWUP_DECISIONS)
  decision?: FollowUpDecision;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_SUPERVISION_HOURS, description: '督办期限（小时）/ supervision deadline in hours' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_SUPERVISION_HOURS)
  supervisionHours?: number;

  @ApiPropertyOptional({ example: '2026-12-05T18:00:00+08:00', description: '督办期限（日期时间）/ supervision deadline as an instant' })
  @IsOptional()
  @IsISO8601({ strict: true })
  supervisionDeadline?: string;
}

export class ResolveSupervisionDto implements ResolveSupervisionRequest {
  @ApiProperty({ example: '物业已更换水管，复查无渗漏', description: '督办办结情况 / what was done' })
  @CleanText({ max: 2000, multiline: true })
  notes!: string;
}

export class SignOffDto implements SignOffRequest {
  @ApiProperty({ example: '三次回访未接通，经现场核实已解决', description: '销号理由 / the recorded decision' })
  @CleanText({ max: 500, multiline: true })
  reason!: string;
}
