/** 排班推演 body, validated at the door (a 400 names the field). */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsNumber, IsOptional, IsUUID, Max, Min, ValidateNested } from 'class-validator';
import type { StaffingAsk, StaffingAssumptions } from '@xiaonao/contracts';
import { BodyLimits } from '../errors/body-limits';

export class StaffingAssumptionsDto implements Partial<StaffingAssumptions> {
  @ApiPropertyOptional({ minimum: 0, maximum: 600, default: 15, description: '派单到接单（秒）/ offer to accept, s' })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(600)
  answerSeconds?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 1800, default: 30, description: '接单到联系当事人（秒）/ accept to contact, s' })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1800)
  contactSeconds?: number;

  @ApiPropertyOptional({ minimum: 0.5, maximum: 30, default: 5, description: '行进速度（米/秒，电动车约 5）/ travel speed, m/s' })
  @IsOptional()
  @IsNumber()
  @Min(0.5)
  @Max(30)
  speedMps?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 3, default: 1.35, description: '道路绕行系数 / road ÷ straight-line distance' })
  @IsOptional()
  @IsNumber()
  @Min(1)
  @Max(3)
  detourFactor?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 600, default: 30, description: '出发准备（秒）/ time to get going, s' })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(600)
  startSeconds?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 480, default: 20, description: '到场后处置占用（分钟）/ busy on site after arriving, min' })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(480)
  handlingMinutes?: number;
}

@BodyLimits({ maxNodes: 200 })
export class StaffingAskDto implements StaffingAsk {
  @ApiProperty({ minimum: 1, maximum: 12, description: '最近几周的真实案件 / the last N weeks of real cases' })
  @IsInt()
  @Min(1)
  @Max(12)
  weeks!: number;

  @ApiPropertyOptional({ format: 'uuid', description: '只看一个网格；默认全镇 / one grid; default the township' })
  @IsOptional()
  @IsUUID()
  gridId?: string;

  @ApiProperty({ type: [Number], minItems: 24, maxItems: 24, description: '每小时在岗人数（北京时间 0..23 点）/ workers on duty per Beijing hour 0..23' })
  @IsArray()
  @ArrayMinSize(24)
  @ArrayMaxSize(24)
  @IsInt({ each: true })
  @Min(0, { each: true })
  @Max(500, { each: true })
  plan!: number[];

  @ApiPropertyOptional({ type: StaffingAssumptionsDto, description: '模型假设，缺省取文档默认值 / assumptions; defaults in docs/review.md' })
  @IsOptional()
  @ValidateNested()
  @Type(() => StaffingAssumptionsDto)
  assumptions?: StaffingAssumptionsDto;
}
