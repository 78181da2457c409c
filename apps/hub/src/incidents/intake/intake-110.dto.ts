/** The 110 transfer as it arrives over HTTP, validated field by field (the failing field is named in the 400). */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsISO8601, IsNotEmpty, IsNumber, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { CATEGORIES, COORD_SYSTEMS, type Category, type CoordSystem, type Intake110Request, type LngLat } from '@xiaonao/contracts';

export class LngLatDto implements LngLat {
  @ApiProperty({ example: 120.5213, description: '经度 longitude' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-180)
  @Max(180)
  lng!: number;

  @ApiProperty({ example: 30.2871, description: '纬度 latitude' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-90)
  @Max(90)
  lat!: number;
}

/** Mainland mobile (1[3-9]xxxxxxxxx) or landline with area code (0571-8xxxxxxx). */
export const PHONE_PATTERN = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;

export class Intake110Dto implements Intake110Request {
  @ApiProperty({ example: '330114202611210001', description: '110 警情编号 (idempotency key)' })
  @IsString()
  @Matches(/^[A-Za-z0-9-]{6,40}$/)
  caseNo!: string;

  @ApiProperty({ example: '2026-11-21T09:30:00+08:00', description: '街道接收时间；1-3-8 计时起点' })
  @IsISO8601({ strict: true })
  receivedAt!: string;

  @ApiProperty({ example: '王女士' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  callerName!: string;

  @ApiProperty({ example: '13905712345' })
  @IsString()
  @Matches(PHONE_PATTERN)
  callerPhone!: string;

  @ApiProperty({ example: '河庄街道新围村12组35号' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  address!: string;

  @ApiProperty({ type: LngLatDto })
  @IsObject()
  @ValidateNested()
  @Type(() => LngLatDto)
  location!: LngLatDto;

  @ApiPropertyOptional({ enum: COORD_SYSTEMS, default: 'WGS84' })
  @IsOptional()
  @IsIn(COORD_SYSTEMS)
  coordSystem?: CoordSystem;

  @ApiProperty({ enum: CATEGORIES })
  @IsIn(CATEGORIES)
  category!: Category;

  @ApiProperty({ example: '水果摊主与顾客因两个磕碰的苹果发生争执' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  description!: string;

  @ApiProperty({ example: 'hezhuang-pcs', description: '移交派出所编码' })
  @IsString()
  @IsNotEmpty()
  policeStationCode!: string;
}
