/** The district view's period, as the review takes it (a 400 names the field). */
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { bilingual } from '../errors/clean-text';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const dayMessage = { message: bilingual('须为日期 YYYY-MM-DD（北京时间）', 'must be a day, YYYY-MM-DD (Beijing time)') };

export class RegionPeriodDto {
  @ApiPropertyOptional({ example: '2026-11-01', description: '起始日（北京时间，含）；默认 to 前 6 天 / first Beijing day, included; default six days before `to`' })
  @IsOptional()
  @Matches(DAY, dayMessage)
  from?: string;

  @ApiPropertyOptional({ example: '2026-11-30', description: '截止日（北京时间，含）；默认今天 / last Beijing day, included; default today' })
  @IsOptional()
  @Matches(DAY, dayMessage)
  to?: string;
}
