/** An operator's entry as it arrives over HTTP, validated field by field (the failing field is named in the 400). */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsObject, IsOptional, IsString, Matches, ValidateIf, ValidateNested } from 'class-validator';
import { CATEGORIES, COORD_SYSTEMS, INTAKE_CHANNELS, type Category, type CoordSystem, type IntakeChannel, type OperatorEntryRequest } from '@xiaonao/contracts';
import { CleanText } from '../../errors/clean-text';
import { PHONE_PATTERN } from './intake-110.dto';
import { PointDto } from './door-dtos';

export class OperatorEntryDto implements OperatorEntryRequest {
  @ApiProperty({ enum: INTAKE_CHANNELS, description: '来电 phone / 来访 walk_in' })
  @IsIn(INTAKE_CHANNELS)
  channel!: IntakeChannel;

  @ApiPropertyOptional({ example: '李先生' })
  @IsOptional()
  @CleanText({ max: 50, allowEmpty: true })
  callerName?: string;

  @ApiPropertyOptional({ example: '13905712345', description: '空：无人可联系，联系环节改为现场核查 / empty: the contact stage is a site check' })
  @IsOptional()
  @IsString()
  @ValidateIf((o: OperatorEntryDto) => o.callerPhone !== '')
  @Matches(PHONE_PATTERN)
  callerPhone?: string;

  @ApiPropertyOptional({ example: '河庄街道新围村12组35号', description: '无 location 时必填，由标准地址库定位 / required without location; placed from the gazetteer' })
  // Required without a point; with one, an address is optional and may be left empty (blanks normalise to '').
  @ValidateIf((o: OperatorEntryDto) => o.location === undefined || o.location === null || (o.address !== undefined && o.address !== ''))
  @CleanText({ max: 200 })
  address?: string;

  @ApiPropertyOptional({ type: PointDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => PointDto)
  location?: PointDto;

  @ApiPropertyOptional({ enum: COORD_SYSTEMS, default: 'WGS84' })
  @IsOptional()
  @IsIn(COORD_SYSTEMS)
  coordSystem?: CoordSystem;

  @ApiProperty({ enum: CATEGORIES })
  @IsIn(CATEGORIES)
  category!: Category;

  @ApiProperty({ example: '楼上装修电钻声持续到晚上十点' })
  @CleanText({ max: 2000, multiline: true })
  description!: string;
}
