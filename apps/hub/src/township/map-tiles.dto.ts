import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { TILE_COORD_SYSTEMS, type MapTilesRequest, type TileCoordSystem } from '@xiaonao/contracts';
import { BodyLimits } from '../errors/body-limits';
import { bilingual, CleanText } from '../errors/clean-text';
import { MAX_ATTRIBUTION_LENGTH, MAX_SUBDOMAINS, MAX_TILE_URL_LENGTH, MAX_TILE_ZOOM } from './map-tile-rules';

/** A township's tile source; the template's placeholders are checked by the rules (map-tile-rules.ts). */
@BodyLimits({ maxNodes: 20 })
export class MapTilesDto implements MapTilesRequest {
  @ApiProperty({
    maxLength: MAX_TILE_URL_LENGTH,
    description: 'http(s) 瓦片网址模板，含 {z}、{x}、{y}（或 {-y}），可含 {s} / http(s) URL template with {z}, {x}, {y} (or {-y}), optionally {s}',
    example: 'https://t{s}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=vec&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=KEY',
  })
  @IsString({ message: bilingual('须为字符串', 'must be a string') })
  @MaxLength(MAX_TILE_URL_LENGTH)
  @Matches(/^https?:\/\//i, { message: bilingual('须以 http:// 或 https:// 开头', 'must start with http:// or https://') })
  urlTemplate!: string;

  @ApiProperty({ enum: TILE_COORD_SYSTEMS, description: '瓦片坐标系；天地图（CGCS2000）用 wgs84，高德/腾讯用 gcj02 / datum of the tiles: wgs84 for Tianditu (CGCS2000), gcj02 for Gaode/Tencent' })
  @IsIn(TILE_COORD_SYSTEMS, { message: bilingual(`须为 ${TILE_COORD_SYSTEMS.join(' 或 ')}`, `must be ${TILE_COORD_SYSTEMS.join(' or ')}`) })
  coordSystem!: TileCoordSystem;

  @ApiProperty({ maxLength: MAX_ATTRIBUTION_LENGTH, required: false, description: '版权说明（纯文本） / attribution, plain text', example: '© 国家地理信息公共服务平台 天地图' })
  @IsOptional()
  @CleanText({ max: MAX_ATTRIBUTION_LENGTH, allowEmpty: true })
  attribution!: string;

  @ApiProperty({ minimum: 1, maximum: MAX_TILE_ZOOM, example: 18 })
  @IsInt({ message: bilingual('须为整数', 'must be an integer') })
  @Min(1)
  @Max(MAX_TILE_ZOOM)
  maxZoom!: number;

  @ApiProperty({ maxLength: MAX_SUBDOMAINS, required: false, description: '子域，每个字符一个，填入 {s} / one subdomain per character, put into {s}', example: '01234567' })
  @IsOptional()
  @IsString({ message: bilingual('须为字符串', 'must be a string') })
  @Matches(/^[A-Za-z0-9]{0,16}$/, { message: bilingual(`须为不超过 ${MAX_SUBDOMAINS} 个字母或数字`, `must be up to ${MAX_SUBDOMAINS} letters or digits`) })
  subdomains!: string;

  @ApiProperty({
    maxLength: MAX_TILE_URL_LENGTH,
    required: false,
    description: '叠加在底图上的透明图层（如天地图注记 cva_w），占位符、子域、坐标系同底图；空为无 / a transparent layer over the base (Tianditu street names cva_w); empty for none',
    example: 'https://t{s}.tianditu.gov.cn/cva_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=cva&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=KEY',
  })
  @IsOptional()
  @IsString({ message: bilingual('须为字符串', 'must be a string') })
  @MaxLength(MAX_TILE_URL_LENGTH)
  @Matches(/^$|^https?:\/\//i, { message: bilingual('须为空或以 http:// 或 https:// 开头', 'must be empty or start with http:// or https://') })
  overlayUrlTemplate!: string;
}
