/** The admin import's query string, validated at the door (a 400 names the field). */
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsNumber, IsOptional, Matches, Max, Min } from 'class-validator';
import { COORD_SYSTEMS, type CoordSystem } from '@xiaonao/contracts';
import { bilingual } from '../errors/clean-text';
import { IMPORT_FORMATS, type ImportFormat } from './import-request';

export class AdminImportQueryDto {
  @ApiPropertyOptional({ enum: IMPORT_FORMATS, description: '文件格式；默认按类别（网格 geojson，乡镇/权责/时限 json，其余 csv）/ the file format; default by kind' })
  @IsOptional()
  @IsIn(IMPORT_FORMATS)
  format?: ImportFormat;

  @ApiPropertyOptional({ enum: COORD_SYSTEMS, description: '文件坐标系（未声明时取文件自带的，否则 WGS84）/ the file’s coordinate system' })
  @IsOptional()
  @IsIn(COORD_SYSTEMS)
  coordSystem?: CoordSystem;

  @ApiPropertyOptional({ minimum: 0, maximum: 100000, default: 50, description: '两个网格可重叠的面积（平方米）/ m² two grids may share' })
  @IsOptional()
  @Type(() => Number)
  @IsNumber()
  @Min(0)
  @Max(100_000)
  toleranceM2?: number;

  @ApiPropertyOptional({ enum: ['true', 'false'], default: 'false', description: '只检查并报告将有的变化，不写入 / check and report only' })
  @IsOptional()
  @IsIn(['true', 'false'])
  dryRun?: 'true' | 'false';

  @ApiPropertyOptional({ description: '新乡镇放在哪个区域（本辖区或其下级；默认本辖区）/ where a new township goes (default the admin’s region)' })
  @IsOptional()
  @Matches(/^[\w-]{1,64}$/, { message: bilingual('区域编号无效', 'not a region code') })
  regionCode?: string;
}
