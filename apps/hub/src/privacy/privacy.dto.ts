/** The personal-data routes' requests as they arrive over HTTP; reasons are judged by the domain (accessReason). */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, Max, Min } from 'class-validator';
import type { RevealCallerPhoneRequest } from '@xiaonao/contracts';
import { ACCESS_REASON_MAX_CHARS, ACCESS_REASON_MIN_CHARS } from '@xiaonao/domain';
import { ACCESS_PAGE_DEFAULT, ACCESS_PAGE_MAX } from './personal-data-access-log';

const REASON_DOC = {
  example: '回访当事人，核实处置结果',
  minLength: ACCESS_REASON_MIN_CHARS,
  maxLength: ACCESS_REASON_MAX_CHARS,
  description: '为何需要查看，记入个人信息访问记录 / why it is needed; written to the access log',
};

export class RevealCallerPhoneDto implements RevealCallerPhoneRequest {
  @ApiProperty(REASON_DOC)
  @IsString({ message: '请填写查看原因 / a reason is required' })
  reason!: string;

  @ApiPropertyOptional({ description: '该事件的某条报告（关联报告可能来自另一位报警人）；缺省为事件本身 / one report of the case; the case itself when absent' })
  @IsOptional()
  @IsUUID(undefined, { message: '不是有效的报告编号 / not a report id' })
  reportId?: string;
}

export class TrackQueryDto {
  @ApiPropertyOptional({ example: '2026-11-21T08:00:00+08:00', description: '缺省为保留期限的起点 / default: the oldest point kept' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: '须为 ISO-8601 时间 / must be an ISO-8601 time' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-11-21T12:00:00+08:00', description: '缺省为当前 / default: now' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: '须为 ISO-8601 时间 / must be an ISO-8601 time' })
  to?: string;

  @ApiPropertyOptional({ ...REASON_DOC, description: '值班员必填，记入访问记录；网格员查看本人轨迹时可不填 / required of an operator, logged; optional for a worker reading their own' })
  @IsOptional()
  @IsString({ message: '查看原因须为文字 / must be text' })
  reason?: string;
}

export class AccessLogQueryDto {
  @ApiPropertyOptional({ description: '上一页最后一条的编号，取更早的记录 / the last id of the previous page' })
  @IsOptional()
  @Matches(/^[1-9]\d{0,17}$/, { message: '不是有效的记录编号 / not an entry id' })
  before?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: ACCESS_PAGE_MAX, default: ACCESS_PAGE_DEFAULT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(ACCESS_PAGE_MAX)
  limit?: number;
}
