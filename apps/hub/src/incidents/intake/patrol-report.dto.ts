/**
 * A worker's patrol report as it arrives over HTTP: JSON, or multipart with the same JSON as text in
 * `report` and the photo file in `photo` (see report-upload.ts). Validated field by field.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsISO8601, IsNumber, IsObject, IsOptional, IsString, Max, Min, ValidateNested } from 'class-validator';
import { CATEGORIES, COORD_SYSTEMS, type Category, type CoordSystem, type PatrolReportRequest, type PositionFix } from '@xiaonao/contracts';
import { CleanText } from '../../errors/clean-text';
import { PointDto } from './door-dtos';

export class PatrolPositionDto extends PointDto implements PositionFix {
  @ApiPropertyOptional({ enum: COORD_SYSTEMS, default: 'WGS84' })
  @IsOptional()
  @IsIn(COORD_SYSTEMS)
  coordSystem?: CoordSystem;

  @ApiPropertyOptional({ description: '定位时间 / when the fix was taken' })
  @IsOptional()
  @IsISO8601({ strict: true })
  at?: string;

  @ApiPropertyOptional({ description: '定位精度（米）/ accuracy in metres' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100_000)
  accuracyM?: number;
}

export class PatrolReportDto implements PatrolReportRequest {
  @ApiProperty({ enum: CATEGORIES })
  @IsIn(CATEGORIES)
  category!: Category;

  @ApiProperty({ example: '消防通道被三辆电瓶车堵住' })
  @CleanText({ max: 2000, multiline: true })
  description!: string;

  @ApiProperty({ type: PatrolPositionDto, description: '手机当前位置，即现场 / the phone’s position, taken as the site' })
  @IsObject()
  @ValidateNested()
  @Type(() => PatrolPositionDto)
  position!: PatrolPositionDto;

  @ApiPropertyOptional({ example: '新围村12组路口' })
  @IsOptional()
  @CleanText({ max: 200, allowEmpty: true })
  address?: string;

  @ApiPropertyOptional({ description: 'data:image/jpeg;base64,…（JSON 请求体上限 256 kB；大图请用 multipart 上传）' })
  @IsOptional()
  @IsString()
  photo?: string;

  @ApiPropertyOptional({ default: false, description: '由上报人直接处置 / the reporter takes the case at once' })
  @IsOptional()
  @IsBoolean()
  takeIt?: boolean;

  @ApiPropertyOptional({ description: '点按上报的时间（离线排队时可能早于送达）/ when the worker tapped, if queued offline' })
  @IsOptional()
  @IsISO8601({ strict: true })
  deviceAt?: string;
}
