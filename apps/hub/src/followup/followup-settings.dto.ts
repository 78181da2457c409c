import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsNumber, Max, Min } from 'class-validator';
import { CATEGORIES, FOLLOWUP_POLICIES, type Category, type FollowUpPolicy, type FollowUpSettingsRequest } from '@xiaonao/contracts';

export class FollowUpSettingsDto implements FollowUpSettingsRequest {
  @ApiProperty({ enum: FOLLOWUP_POLICIES, description: '回访范围：全部、抽样或按类别 / every resolved case, a sample, or by category' })
  @IsIn(FOLLOWUP_POLICIES)
  policy!: FollowUpPolicy;

  @ApiProperty({ minimum: 0, maximum: 1, description: '抽样比例（按事件编号确定）/ share sampled, decided per case id' })
  @IsNumber()
  @Min(0)
  @Max(1)
  sampleRate!: number;

  @ApiProperty({ enum: CATEGORIES, isArray: true, description: '按类别回访时的类别 / categories called back' })
  @IsArray()
  @ArrayMaxSize(CATEGORIES.length)
  @IsIn(CATEGORIES, { each: true })
  categories!: Category[];

  @ApiProperty({ minimum: 1, maximum: 720, description: '办结后多少小时内回访 / hours after closing the 回访 falls due' })
  @IsInt()
  @Min(1)
  @Max(720)
  dueHours!: number;

  @ApiProperty({ description: '网格长可记录回访 / the grid leader may record the call' })
  @IsBoolean()
  gridLeaderMayRecord!: boolean;
}
