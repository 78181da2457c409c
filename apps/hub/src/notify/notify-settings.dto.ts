import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, Max, Min, ValidateNested } from 'class-validator';
import { CATEGORIES, CHANNEL_KINDS, type Category, type ChannelKind, type NotifyChainView, type NotifySettingsRequest, type NotifyStepView } from '@xiaonao/contracts';

class NotifyStepDto implements NotifyStepView {
  @ApiProperty({ enum: CHANNEL_KINDS })
  @IsIn(CHANNEL_KINDS)
  channel!: ChannelKind;

  @ApiProperty({ minimum: 0, maximum: 3600, description: '派单后多少秒仍未答复则发出 / seconds after the offer, if still unanswered' })
  @IsInt()
  @Min(0)
  @Max(3600)
  afterSeconds!: number;
}

class NotifyChainDto implements NotifyChainView {
  @ApiProperty({ enum: CATEGORIES, nullable: true, description: '事件类别；空为全部 / null for every category' })
  @IsOptional()
  @IsIn(CATEGORIES)
  category!: Category | null;

  @ApiProperty({ type: [NotifyStepDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(8)
  @ValidateNested({ each: true })
  @Type(() => NotifyStepDto)
  day!: NotifyStepDto[];

  @ApiProperty({ type: [NotifyStepDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(8)
  @ValidateNested({ each: true })
  @Type(() => NotifyStepDto)
  night!: NotifyStepDto[];
}

export class NotifySettingsDto implements NotifySettingsRequest {
  @ApiProperty({ example: '00:00', description: '夜间开始（上海时间）/ night starts (Asia/Shanghai)' })
  @IsString()
  nightStart!: string;

  @ApiProperty({ example: '06:00' })
  @IsString()
  nightEnd!: string;

  @ApiProperty({ type: [NotifyChainDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(CATEGORIES.length + 1)
  @ValidateNested({ each: true })
  @Type(() => NotifyChainDto)
  chains!: NotifyChainDto[];
}
