/** The review's query strings and the 网格指数 settings body, validated at the door (a 400 names the field). */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsObject, IsOptional, Matches, Max, Min } from 'class-validator';
import { REVIEW_DIMENSIONS, REVIEW_TABLES, type GridIndexSettings, type ReviewDimension, type ReviewTable } from '@xiaonao/contracts';
import { bilingual } from '../errors/clean-text';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MONTH = /^\d{4}-\d{2}$/;
const dayMessage = { message: bilingual('须为日期 YYYY-MM-DD（北京时间）', 'must be a day, YYYY-MM-DD (Beijing time)') };

/** Every review table takes a period; each its own options besides. */
export class ReviewQueryDto {
  @ApiPropertyOptional({ example: '2026-11-01', description: '起始日（北京时间，含）；默认 to 前 6 天 / first Beijing day, included; default six days before `to`' })
  @IsOptional()
  @Matches(DAY, dayMessage)
  from?: string;

  @ApiPropertyOptional({ example: '2026-11-30', description: '截止日（北京时间，含）；默认今天 / last Beijing day, included; default today' })
  @IsOptional()
  @Matches(DAY, dayMessage)
  to?: string;

  @ApiPropertyOptional({ enum: REVIEW_DIMENSIONS, default: 'grid', description: '按网格、网格员、类别、来源或派出所 / broken down by' })
  @IsOptional()
  @IsIn(REVIEW_DIMENSIONS)
  by?: ReviewDimension;

  @ApiPropertyOptional({ minimum: 2, maximum: 1000, description: '重复：至少几起（默认取网格指数设置）/ repeats: at least this many cases' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2)
  @Max(1000)
  minCases?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 366, description: '重复：在几天之内（默认取网格指数设置）/ repeats: within this many days' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(366)
  days?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 2000, default: 0, description: '重复地点：0 按地址；否则按半径（米）/ repeat places: 0 by address, else within this radius (m)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(2000)
  radiusM?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 20, description: '最慢案件条数 / how many slowest cases' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({ minimum: 50, maximum: 5000, default: 200, description: '热力图格子边长（米）/ heat-map cell side (m)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(50)
  @Max(5000)
  cellM?: number;
}

export class GridIndexQueryDto {
  @ApiPropertyOptional({ example: '2026-11', description: '月份（北京时间）；默认本月 / month (Beijing); default this month' })
  @IsOptional()
  @Matches(MONTH, { message: bilingual('须为月份 YYYY-MM', 'must be a month, YYYY-MM') })
  month?: string;
}

export class ReviewExportQueryDto extends ReviewQueryDto {
  @ApiProperty({ enum: REVIEW_TABLES, description: '导出哪张表（CSV，UTF-8 带 BOM）/ which table, as CSV (UTF-8 with BOM)' })
  @IsIn(REVIEW_TABLES)
  table!: ReviewTable;

  @ApiPropertyOptional({ example: '2026-11', description: 'grid-index 的月份 / the month of grid-index' })
  @IsOptional()
  @Matches(MONTH, { message: bilingual('须为月份 YYYY-MM', 'must be a month, YYYY-MM') })
  month?: string;
}

/** Checked as a whole by gridIndexSettingsProblem (libs/domain/src/review/grid-index.ts), which names nested fields. */
export class GridIndexSettingsDto implements GridIndexSettings {
  @ApiProperty({ example: { accept: 0.15, contact: 0.15, arrive: 0.25, volume: 0.15, repeats: 0.15, satisfaction: 0.15 }, description: '各项权重（0–100，至少一项大于 0）/ weights of the terms' })
  @IsObject()
  weights!: GridIndexSettings['weights'];

  @ApiProperty({ example: { green: 90, blue: 80, orange: 70 }, description: '分档线（0–100，绿 > 蓝 > 橙）/ band thresholds' })
  @IsObject()
  bands!: GridIndexSettings['bands'];

  @ApiProperty({ example: 20, description: '每千人每月多少起时案件量一项为 0 / cases per 1,000 residents a month at which the volume term is 0' })
  @IsNumber()
  volumeCeilingPer1000!: number;

  @ApiProperty({ example: 3, description: '重复地点：至少几起 / a repeat place has at least this many cases' })
  @IsInt()
  repeatMinCases!: number;

  @ApiProperty({ example: 30, description: '重复地点：在几天之内 / within this many days' })
  @IsInt()
  repeatDays!: number;

  @ApiProperty({ example: { G01: 3200 }, description: '各网格常住人口（网格编码 → 人数）/ residents per grid code' })
  @IsObject()
  residents!: Record<string, number>;
}
