/** Camera requests as they arrive over HTTP, validated field by field (the failing field is named in the 400). */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsISO8601, IsNumber, IsObject, IsOptional, IsString, Matches, Max, Min, ValidateNested } from 'class-validator';
import {
  CAMERA_ALERT_TYPES,
  COORD_SYSTEMS,
  DISPATCH_MODES,
  type CameraAlertRequest,
  type CameraAlertType,
  type CameraDismissRequest,
  type CameraRaiseRequest,
  type CameraRequest,
  type CameraTypePolicyRequest,
  type CoordSystem,
  type DispatchMode,
  type LngLat,
} from '@xiaonao/contracts';
import { STORM_WINDOW_LIMITS } from '@xiaonao/domain';
import { CleanText } from '../errors/clean-text';

/** A platform's camera code: letters, digits, `-` and `_` (a GB/T 28181 id is 20 digits). */
export const CAMERA_CODE_PATTERN = /^[A-Za-z0-9_-]{1,40}$/;
/** A platform's alert id: no blanks or control characters. */
export const ALERT_ID_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;
/** A snapshot or clip reference: a URL or the platform's id, printable, no blanks. */
export const MEDIA_REF_PATTERN = /^[\x21-\x7e]{1,500}$/;

class PointDto implements LngLat {
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

export class CameraDto implements CameraRequest {
  @ApiProperty({ example: '河庄集镇第1网格·农贸市场东门' })
  @CleanText({ max: 100 })
  name!: string;

  @ApiProperty({ type: PointDto })
  @IsObject()
  @ValidateNested()
  @Type(() => PointDto)
  location!: PointDto;

  @ApiPropertyOptional({ enum: COORD_SYSTEMS, default: 'WGS84' })
  @IsOptional()
  @IsIn(COORD_SYSTEMS)
  coordSystem?: CoordSystem;

  @ApiProperty({ example: '河庄街道综治中心', description: '所属单位 / who runs it' })
  @CleanText({ max: 100, allowEmpty: true })
  owner!: string;

  @ApiProperty({ description: '停用后告警不予受理 / a disabled camera’s alerts are refused' })
  @IsBoolean()
  enabled!: boolean;
}

export class CameraAlertDto implements CameraAlertRequest {
  @ApiProperty({ example: 'evt-20261121-000981', description: '平台告警编号；同一摄像头重复发送视为重复 / the platform’s id; idempotent per camera' })
  @IsString()
  @Matches(ALERT_ID_PATTERN)
  alertId!: string;

  @ApiProperty({ example: 'HZ-CAM-001', description: '已登记的摄像头编码 / a registered camera’s code' })
  @IsString()
  @Matches(CAMERA_CODE_PATTERN)
  cameraCode!: string;

  @ApiProperty({ enum: CAMERA_ALERT_TYPES })
  @IsIn(CAMERA_ALERT_TYPES)
  type!: CameraAlertType;

  @ApiProperty({ example: 0.92, minimum: 0, maximum: 1, description: '置信度 / confidence' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  confidence!: number;

  @ApiProperty({ example: '2026-11-21T09:30:00+08:00', description: '摄像头发现时间 / when the camera saw it' })
  @IsISO8601({ strict: true })
  at!: string;

  @ApiPropertyOptional({ example: 'https://video.example/snap/981.jpg', description: '抓拍图片 / snapshot URL or reference' })
  @IsOptional()
  @IsString()
  @Matches(MEDIA_REF_PATTERN)
  snapshotRef?: string;

  @ApiPropertyOptional({ example: 'clip:981', description: '视频片段 / clip URL or reference' })
  @IsOptional()
  @IsString()
  @Matches(MEDIA_REF_PATTERN)
  clipRef?: string;
}

export class CameraRaiseDto implements CameraRaiseRequest {
  @ApiProperty({ enum: CAMERA_ALERT_TYPES })
  @IsIn(CAMERA_ALERT_TYPES)
  type!: CameraAlertType;

  @ApiPropertyOptional({ example: '东门聚集约三十人，情绪激动' })
  @IsOptional()
  @CleanText({ max: 500, multiline: true })
  description?: string;
}

export class CameraDismissDto implements CameraDismissRequest {
  @ApiPropertyOptional({ example: '树影晃动误报' })
  @IsOptional()
  @CleanText({ max: 200 })
  reason?: string;
}

export class CameraTypePolicyDto implements CameraTypePolicyRequest {
  @ApiProperty({ minimum: 0, maximum: 1, example: 0.7 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  threshold!: number;

  @ApiProperty({ enum: DISPATCH_MODES })
  @IsIn(DISPATCH_MODES)
  mode!: DispatchMode;

  @ApiProperty({ minimum: STORM_WINDOW_LIMITS.min, maximum: STORM_WINDOW_LIMITS.max, example: 600 })
  @IsInt()
  @Min(STORM_WINDOW_LIMITS.min)
  @Max(STORM_WINDOW_LIMITS.max)
  stormWindowSeconds!: number;
}
