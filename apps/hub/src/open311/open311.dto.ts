/**
 * Open311 GeoReport v2 parameters as the spec names them (snake_case, `long`), validated field by
 * field; the first failing field is named in the error. Form bodies carry every value as text, so
 * numbers are read from text too. docs/open311.md describes each field and what the hub does with it.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsNumber, IsOptional, IsString, IsUrl, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { CleanText } from '../errors/clean-text';
import { PHONE_PATTERN } from '../incidents/intake/intake-110.dto';

/** A number sent as form text ("30.285") becomes a number; anything else is left for the validators to refuse. */
const numberFromText = () =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value), { toClassOnly: true });

const hasPoint = (o: Open311RequestDto) => o.lat !== undefined || o.long !== undefined;

/** What the spec lets every call carry: the key, and which jurisdiction (our township's code). */
class Open311Base {
  @ApiPropertyOptional({ description: 'Open311 应用的 API 密钥（也可用 x-api-key 请求头）/ the key (or the x-api-key header)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  api_key?: string;

  @ApiPropertyOptional({ example: 'hezhuang', description: '街道编码；省略时为 api_key 所属街道 / township code; default: the key’s' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,40}$/, { message: 'jurisdiction_id 须为街道编码 / jurisdiction_id: a township code' })
  jurisdiction_id?: string;
}

export class Open311RequestDto extends Open311Base {
  @ApiProperty({ example: 'dispute', description: '服务代码（即事件类别，见 services.json）/ a service_code from services.json' })
  @IsString({ message: 'service_code 须为字符串 / service_code must be a string' })
  @Matches(/^[a-z_]{1,40}$/, { message: 'service_code 须为 services.json 中的服务代码 / service_code: one of services.json' })
  service_code!: string;

  @ApiPropertyOptional({ example: 30.285, description: '纬度，WGS84（与 long 同时提供）/ latitude, WGS84, with long' })
  @ValidateIf((o: Open311RequestDto) => hasPoint(o))
  @numberFromText()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: '纬度须为数字，且须与 long 同时提供 / lat must be a number, given with long' })
  @Min(-90, { message: '纬度须在 -90 到 90 之间 / lat must be within ±90' })
  @Max(90, { message: '纬度须在 -90 到 90 之间 / lat must be within ±90' })
  lat?: number;

  @ApiPropertyOptional({ example: 120.515, description: '经度，WGS84（与 lat 同时提供）/ longitude, WGS84, with lat' })
  @ValidateIf((o: Open311RequestDto) => hasPoint(o))
  @numberFromText()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: '经度须为数字，且须与 lat 同时提供 / long must be a number, given with lat' })
  @Min(-180, { message: '经度须在 -180 到 180 之间 / long must be within ±180' })
  @Max(180, { message: '经度须在 -180 到 180 之间 / long must be within ±180' })
  long?: number;

  @ApiPropertyOptional({ example: '河庄街道新围村12组35号', description: '地址；无 lat/long 时必填，由标准地址库定位 / required without lat/long; placed from the gazetteer' })
  @ValidateIf((o: Open311RequestDto) => !hasPoint(o) || (o.address_string !== undefined && o.address_string !== ''))
  @CleanText({ max: 200 })
  address_string?: string;

  @ApiPropertyOptional({ description: '不使用（本系统按 address_string 或坐标定位）/ not used' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  address_id?: string;

  @ApiProperty({ example: '小区门口垃圾堆放多日无人清运', description: '问题描述（必填，本系统要求）/ what is wrong (required here)' })
  @CleanText({ max: 2000, multiline: true })
  description!: string;

  @ApiPropertyOptional({ example: '李', description: '名 / given name' })
  @IsOptional()
  @CleanText({ max: 25, allowEmpty: true })
  first_name?: string;

  @ApiPropertyOptional({ example: '女士', description: '姓 / family name' })
  @IsOptional()
  @CleanText({ max: 25, allowEmpty: true })
  last_name?: string;

  @ApiPropertyOptional({ example: '13905712345', description: '可回拨的手机号或带区号的固定电话；省略时联系环节改为现场核查 / a number to call back; without it the contact stage is a site check' })
  @IsOptional()
  @ValidateIf((o: Open311RequestDto) => o.phone !== '')
  @IsString({ message: 'phone 须为字符串 / phone must be a string' })
  @Matches(PHONE_PATTERN, { message: 'phone 须为手机号或带区号的固定电话 / phone: a mobile or a landline with area code' })
  phone?: string;

  @ApiPropertyOptional({ description: '校验但不保存：结果经 status_notes 告知 / checked, not kept' })
  @IsOptional()
  @ValidateIf((o: Open311RequestDto) => o.email !== '')
  @IsEmail({}, { message: 'email 格式无效 / email is not an address' })
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ description: '不使用 / not used' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  device_id?: string;

  @ApiPropertyOptional({ description: '不使用 / not used' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  account_id?: string;

  @ApiPropertyOptional({ example: 'https://city.example.cn/photos/1.jpg', description: '照片链接（http/https）/ a photo link' })
  @IsOptional()
  @ValidateIf((o: Open311RequestDto) => o.media_url !== '')
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { message: 'media_url 须为 http(s) 链接 / media_url must be an http(s) URL' })
  @MaxLength(1000)
  media_url?: string;
}

/** service_request_id and service_code take comma lists, as the spec writes them. */
const REQUEST_IDS = /^[A-Za-z0-9-]{1,64}(?:,[A-Za-z0-9-]{1,64}){0,199}$/;
const SERVICE_CODES = /^[a-z_]{1,40}(?:,[a-z_]{1,40}){0,19}$/;

export class Open311ListQuery extends Open311Base {
  @ApiPropertyOptional({ description: '逗号分隔的编号；给出时忽略其余条件 / comma list; other filters are then ignored' })
  @IsOptional()
  @Matches(REQUEST_IDS, { message: 'service_request_id 须为逗号分隔的编号（至多 200 个）/ service_request_id: a comma list of ids' })
  service_request_id?: string;

  @ApiPropertyOptional({ description: '逗号分隔的服务代码 / comma list of service codes' })
  @IsOptional()
  @Matches(SERVICE_CODES, { message: 'service_code 须为逗号分隔的服务代码 / service_code: a comma list of codes' })
  service_code?: string;

  @ApiPropertyOptional({ example: '2026-11-01T00:00:00+08:00', description: 'W3C 时间；默认 end_date 前 90 天 / W3C; default 90 days before end_date' })
  @IsOptional()
  @IsString()
  start_date?: string;

  @ApiPropertyOptional({ example: '2026-11-30T23:59:59+08:00', description: 'W3C 时间；默认现在 / W3C; default now' })
  @IsOptional()
  @IsString()
  end_date?: string;

  @ApiPropertyOptional({ enum: ['open', 'closed', 'open,closed'] })
  @IsOptional()
  @IsIn(['open', 'closed', 'open,closed', 'closed,open'], { message: 'status 须为 open 或 closed / status: open or closed' })
  status?: string;
}

/** GET requests/{id}.json and services: only the key and the jurisdiction. */
export class Open311KeyQuery extends Open311Base {}
