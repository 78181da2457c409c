/**
 * Request shapes for rosters. Only types are checked here; formats (dates, `HH:MM`, overlaps) are
 * domain rules (libs/domain/src/roster), which name the field as `shifts[i].start`.
 */
import { ParseUUIDPipe } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Max, Min, ValidateNested } from 'class-validator';
import type { DutyOverrideRequest, RosterRequest, ShiftRequest } from '@xiaonao/contracts';
import { DomainError } from '@xiaonao/domain';
import { BodyLimits } from '../errors/body-limits';
import { CleanText } from '../errors/clean-text';

export class ShiftDto implements ShiftRequest {
  @ApiProperty({ format: 'uuid' }) @IsUUID() workerId!: string;
  @ApiProperty({ example: '2025-03-10', description: '班次开始的日期（北京时间）/ Shanghai date the shift starts' }) @IsString() date!: string;
  @ApiProperty({ example: '08:00' }) @IsString() start!: string;
  @ApiProperty({ example: '20:00', description: '早于开始时间表示次日 / earlier than start: the next day' }) @IsString() end!: string;
}

/** Up to 20,000 shifts of five values each, and 5,000 worker ids. */
@BodyLimits({ maxNodes: 110_000 })
export class RosterDto implements RosterRequest {
  @ApiProperty({ example: '2025-03-10' }) @IsString() from!: string;
  @ApiProperty({ example: '2025-03-16' }) @IsString() to!: string;

  @ApiProperty({ type: [ShiftDto] })
  @IsArray()
  @ArrayMaxSize(20_000)
  @ValidateNested({ each: true })
  @Type(() => ShiftDto)
  shifts!: ShiftDto[];

  @ApiPropertyOptional({ type: [String], description: '替换这些人员在范围内的班次（可为空以清除）；缺省为 shifts 中出现的人员' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5_000)
  @IsUUID('all', { each: true })
  workerIds?: string[];
}

export class RosterQueryDto {
  @ApiPropertyOptional({ example: '2025-03-10', description: '缺省为今天（北京时间）' }) @IsOptional() @IsString() from?: string;
  @ApiPropertyOptional({ example: '2025-03-16', description: '缺省同 from' }) @IsOptional() @IsString() to?: string;
}

export class DutyChangesQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() workerId?: string;
  @ApiPropertyOptional() @IsOptional() @IsISO8601() from?: string;
  @ApiPropertyOptional() @IsOptional() @IsISO8601() to?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 1000 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
}

export class DutyOverrideDto implements DutyOverrideRequest {
  @ApiProperty() @IsBoolean() onDuty!: boolean;
  @ApiPropertyOptional({ maxLength: 200, example: '临时请假' }) @IsOptional() @CleanText({ max: 200 }) reason?: string;
  @ApiPropertyOptional({ description: '调整持续到此时刻；缺省为下一次班次开始或结束' }) @IsOptional() @IsISO8601() until?: string;
}

/** A worker id in the path; anything else is a 400 naming `id`. */
export const workerIdParam = new ParseUUIDPipe({ exceptionFactory: () => new DomainError('INVALID_INPUT', 'id：不是有效的人员编号', 'id: not a worker id', 'id') });
