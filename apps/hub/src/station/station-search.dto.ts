/** The station search's query string, validated at the door (a 400 names the field). */
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import {
  CATEGORIES,
  CLOSURES,
  STATION_SEARCH_LIMIT_DEFAULT,
  STATION_SEARCH_LIMIT_MAX,
  STATION_SEARCH_Q_MAX,
  STATION_STATE_FILTERS,
  type Category,
  type Closure,
  type StationStateFilter,
} from '@xiaonao/contracts';
import { bilingual, CleanText } from '../errors/clean-text';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const dayMessage = { message: bilingual('须为日期 YYYY-MM-DD（北京时间）', 'must be a day, YYYY-MM-DD (Beijing time)') };

export class StationSearchQueryDto {
  @ApiPropertyOptional({ maxLength: STATION_SEARCH_Q_MAX, example: '幸福路', description: '案件编号（110 警情编号或本系统编号）、地址或报警人姓名的一部分 / part of the case number, address or caller name' })
  @IsOptional()
  @CleanText({ max: STATION_SEARCH_Q_MAX, allowEmpty: true })
  q?: string;

  @ApiPropertyOptional({ enum: STATION_STATE_FILTERS, description: 'open：未办结；或某一状态 / open: not closed; or one state' })
  @IsOptional()
  @IsIn(STATION_STATE_FILTERS)
  state?: StationStateFilter;

  @ApiPropertyOptional({ enum: CLOSURES, description: '办结方式 / how the case closed' })
  @IsOptional()
  @IsIn(CLOSURES)
  closure?: Closure;

  @ApiPropertyOptional({ enum: CATEGORIES })
  @IsOptional()
  @IsIn(CATEGORIES)
  category?: Category;

  @ApiPropertyOptional({ example: '2026-12-01', description: '接警起始日（北京时间，含）/ first day received, Beijing time' })
  @IsOptional()
  @Matches(DAY, dayMessage)
  @IsISO8601({ strict: true }, dayMessage)
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-03', description: '接警截止日（北京时间，含）/ last day received, inclusive' })
  @IsOptional()
  @Matches(DAY, dayMessage)
  @IsISO8601({ strict: true }, dayMessage)
  to?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: '是否有 1-3-8 环节超时 / whether a 1-3-8 stage missed its deadline' })
  @IsOptional()
  @IsIn(['true', 'false'], { message: bilingual('须为 true 或 false', 'must be true or false') })
  breached?: 'true' | 'false';

  @ApiPropertyOptional({ minimum: 1, maximum: STATION_SEARCH_LIMIT_MAX, default: STATION_SEARCH_LIMIT_DEFAULT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(STATION_SEARCH_LIMIT_MAX)
  limit?: number;

  @ApiPropertyOptional({ format: 'uuid', description: '上一页的 nextCursor / the previous page’s nextCursor' })
  @IsOptional()
  @IsUUID(undefined, { message: bilingual('不是有效的翻页标记', 'not a page cursor') })
  cursor?: string;
}
