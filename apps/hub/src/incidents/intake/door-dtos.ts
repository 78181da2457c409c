/** Pieces the operator and patrol doors (and point confirmation) validate alike. */
import { ApiProperty } from '@nestjs/swagger';
import { IsNumber, Max, Min } from 'class-validator';
import type { LngLat } from '@xiaonao/contracts';

/** A point as sent; its system is declared beside it (coordSystem). */
export class PointDto implements LngLat {
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
