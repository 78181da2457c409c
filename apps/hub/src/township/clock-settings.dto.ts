import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsInt, IsNumber, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { CATEGORIES, ESCALATION_ACTIONS, type Category, type ClockRuleView, type ClockSettingsRequest, type EscalationAction } from '@xiaonao/contracts';
import { BodyLimits } from '../errors/body-limits';

export class ClockRuleDto implements ClockRuleView {
  @ApiProperty({ enum: CATEGORIES, nullable: true, description: '事件类别；空为不限 / null for every category' })
  @IsOptional()
  @IsIn(CATEGORIES)
  category!: Category | null;

  @ApiProperty({ nullable: true, minimum: 1, maximum: 3, description: '优先级；空为不限 / null for every priority' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3)
  priority!: number | null;

  @ApiProperty({ minimum: 1, maximum: 3600 })
  @IsInt()
  @Min(1)
  @Max(3600)
  acceptSeconds!: number;

  @ApiProperty({ minimum: 1, maximum: 7200 })
  @IsInt()
  @Min(1)
  @Max(7200)
  contactSeconds!: number;

  @ApiProperty({ minimum: 1, maximum: 14400 })
  @IsInt()
  @Min(1)
  @Max(14400)
  arriveSeconds!: number;

  @ApiProperty({ minimum: 0.05, maximum: 0.95, description: '预警比例 / share of the window at which a warning goes out' })
  @IsNumber()
  @Min(0.05)
  @Max(0.95)
  warnShare!: number;
}

class EscalationDto {
  @ApiProperty({ enum: ESCALATION_ACTIONS, isArray: true, required: false })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(ESCALATION_ACTIONS, { each: true })
  accept?: EscalationAction[];

  @ApiProperty({ enum: ESCALATION_ACTIONS, isArray: true, required: false })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(ESCALATION_ACTIONS, { each: true })
  contact?: EscalationAction[];

  @ApiProperty({ enum: ESCALATION_ACTIONS, isArray: true, required: false })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(ESCALATION_ACTIONS, { each: true })
  arrive?: EscalationAction[];
}

/** Up to 200 rules of seven values each, and the escalation chains. */
@BodyLimits({ maxNodes: 5_000 })
export class ClockSettingsDto implements ClockSettingsRequest {
  @ApiProperty({ type: [ClockRuleDto] })
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => ClockRuleDto)
  rules!: ClockRuleDto[];

  @ApiProperty({ type: EscalationDto, required: false })
  @IsOptional()
  @ValidateNested()
  @Type(() => EscalationDto)
  escalation?: EscalationDto;
}
