/**
 * The 110 transfer as it arrives at either door, validated field by field: the first failing field is
 * named in the 400 (`location.lat`, `callerPhone`…). Text fields are normalised and judged by the
 * domain's text rules (CleanText). docs/intake-110.md describes each field.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsISO8601, IsNumber, IsObject, IsOptional, IsString, Matches, Max, Min, ValidateNested } from 'class-validator';
import { CATEGORIES, COORD_SYSTEMS, type Category, type CoordSystem, type Intake110Request, type LngLat } from '@xiaonao/contracts';
import { CleanText } from '../../errors/clean-text';
import { NotSwapped } from './lng-lat-order';

export class LngLatDto implements LngLat {
  @ApiProperty({ example: 120.5213, minimum: -180, maximum: 180, description: '经度 longitude（中国境内约 73–136）' })
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: '经度须为数字 / lng must be a number' })
  @Min(-180, { message: '经度须在 -180 到 180 之间 / lng must be within ±180' })
  @Max(180, { message: '经度须在 -180 到 180 之间 / lng must be within ±180' })
  lng!: number;

  @ApiProperty({ example: 30.2871, minimum: -90, maximum: 90, description: '纬度 latitude（中国境内约 3–54）' })
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: '纬度须为数字 / lat must be a number' })
  @Min(-90, { message: '纬度须在 -90 到 90 之间 / lat must be within ±90' })
  @Max(90, { message: '纬度须在 -90 到 90 之间 / lat must be within ±90' })
  lat!: number;
}

/**
 * A number a worker can call back: mainland mobile (optionally +86 / 0086), or a landline with its
 * area code (0571-87654321, an extension after `-` or `转`). Short codes (110, 120, 12345, 95xxx) are
 * refused: they reach a service, not the party.
 */
export const PHONE_PATTERN = /^(?:(?:\+86|0086)-?)?1[3-9]\d{9}$|^0\d{2,3}-?\d{7,8}(?:(?:-|转)\d{1,6})?$/;

/** ISO-8601 with an explicit offset: a bare local time would be read in the hub's zone, not the sender's. */
const WITH_OFFSET = /(?:Z|[+-]\d{2}:?\d{2})$/;

export class Intake110Dto implements Intake110Request {
  @ApiProperty({ example: '330114202611210001', description: '110 警情编号：6–40 位字母、数字或连字符；幂等键 / idempotency key' })
  @IsString({ message: '警情编号须为字符串 / caseNo must be a string' })
  @Matches(/^[A-Za-z0-9-]{6,40}$/, { message: '警情编号须为 6–40 位字母、数字或连字符 / caseNo: 6–40 letters, digits or hyphens' })
  caseNo!: string;

  @ApiProperty({ example: '2026-11-21T09:30:00+08:00', description: '街道接收时间（ISO-8601，须带时区），1-3-8 计时起点 / when the township received it, with offset' })
  @IsString({ message: '接收时间须为字符串 / receivedAt must be a string' })
  @IsISO8601({ strict: true }, { message: '接收时间须为 ISO-8601 格式 / receivedAt must be ISO-8601' })
  @Matches(WITH_OFFSET, { message: '接收时间须带时区，如 +08:00 或 Z / receivedAt needs an offset such as +08:00 or Z' })
  receivedAt!: string;

  @ApiProperty({ example: '王女士', maxLength: 50 })
  @CleanText({ max: 50 })
  callerName!: string;

  @ApiProperty({ example: '13905712345', description: '可回拨的手机号（可带 +86）或带区号的固定电话；110、12345 等短号不可 / mobile or landline with area code; no short codes' })
  @IsString({ message: '报警人电话须为字符串 / callerPhone must be a string' })
  @Matches(PHONE_PATTERN, { message: '报警人电话须为手机号或带区号的固定电话，不能是 110 等短号 / callerPhone: a mobile or landline with area code, not a short code' })
  callerPhone!: string;

  @ApiProperty({ example: '河庄街道新围村12组35号', maxLength: 200 })
  @CleanText({ max: 200 })
  address!: string;

  @ApiProperty({ type: LngLatDto, description: '事发位置；坐标系见 coordSystem / the site, in coordSystem' })
  @IsObject({ message: '位置须为 {lng, lat} 对象 / location must be an object {lng, lat}' })
  @NotSwapped()
  @ValidateNested()
  @Type(() => LngLatDto)
  location!: LngLatDto;

  @ApiPropertyOptional({ enum: COORD_SYSTEMS, default: 'WGS84', description: 'WGS84（GPS）、GCJ02（高德/腾讯）、BD09（百度）' })
  @IsOptional()
  @IsIn(COORD_SYSTEMS, { message: `坐标系须为 ${COORD_SYSTEMS.join('、')} 之一 / coordSystem must be one of ${COORD_SYSTEMS.join(', ')}` })
  coordSystem?: CoordSystem;

  @ApiProperty({ enum: CATEGORIES, description: '事件类别；权责清单标为警务事项的类别退回 110（422）/ police categories are refused (422)' })
  @IsIn(CATEGORIES, { message: `未知的事件类别，可选：${CATEGORIES.join('、')} / unknown category` })
  category!: Category;

  @ApiProperty({ example: '水果摊主与顾客因两个磕碰的苹果发生争执', maxLength: 2000 })
  @CleanText({ max: 2000, multiline: true })
  description!: string;

  @ApiProperty({ example: 'hezhuang-pcs', maxLength: 40, description: '移交派出所编码 / code of the transferring police station' })
  @IsString({ message: '派出所编码须为字符串 / policeStationCode must be a string' })
  @Matches(/^[A-Za-z0-9_-]{1,40}$/, { message: '派出所编码须为 1–40 位字母、数字、下划线或连字符 / policeStationCode: 1–40 letters, digits, _ or -' })
  policeStationCode!: string;
}
