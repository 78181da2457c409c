/** The gazetteer's requests as they arrive over HTTP, validated field by field (the failing field is named in the 400). */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import {
  COORD_SYSTEMS,
  INTAKE_MAX_BODY_BYTES,
  PLACE_IMPORT_FORMATS,
  PLACE_SEARCH_DEFAULT_LIMIT,
  PLACE_SEARCH_MAX_LIMIT,
  type CoordSystem,
  type PlaceImportFormat,
  type PlaceImportRequest,
} from '@xiaonao/contracts';
import { CleanText } from '../errors/clean-text';

export class PlaceSearchQueryDto {
  @ApiProperty({ example: '河庄菜场', description: '名称、地址或别名，可有错别字 / name, address or alias; typos allowed' })
  @CleanText({ max: 200 })
  q!: string;

  @ApiPropertyOptional({ minimum: 1, maximum: PLACE_SEARCH_MAX_LIMIT, default: PLACE_SEARCH_DEFAULT_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(PLACE_SEARCH_MAX_LIMIT)
  limit?: number;
}

export class PlaceImportDto implements PlaceImportRequest {
  @ApiProperty({ enum: PLACE_IMPORT_FORMATS })
  @IsIn(PLACE_IMPORT_FORMATS)
  format!: PlaceImportFormat;

  @ApiProperty({ enum: COORD_SYSTEMS, description: '文件中坐标所用的坐标系，导入时统一转换为 WGS-84 / the system of the coordinates in the file' })
  @IsIn(COORD_SYSTEMS)
  coordSystem!: CoordSystem;

  @ApiProperty({
    example: 'kind,name,address,aliases,lng,lat\nnamed_place,河庄农贸市场,河庄街道河庄大道318号,河庄菜市场,120.5301,30.2852',
    description: 'CSV 或 GeoJSON 文本；CSV 首行为表头 / the file as text; a CSV starts with its header row',
  })
  // The whole file: tabs and line breaks are its structure; the body limit (256 KB) bounds its length.
  @CleanText({ max: INTAKE_MAX_BODY_BYTES, multiline: true })
  content!: string;

  @ApiPropertyOptional({ example: '钱塘区标准地址库 2026-05', description: '数据来源 / where the rows came from' })
  @IsOptional()
  @CleanText({ max: 100 })
  source?: string;

  @ApiPropertyOptional({ default: false, description: '只校验和计数，不写入 / check and count only' })
  @IsOptional()
  @IsBoolean()
  dryRun?: boolean;
}
