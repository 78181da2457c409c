import { Body, Controller, Get, Inject, Param, ParseEnumPipe, Put } from '@nestjs/common';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { ArrayUnique, IsArray, IsBoolean, IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import {
  CATEGORIES,
  DISPATCH_MODES,
  OFFER_MODES,
  RETURN_TO_POLICE_RULES,
  TEAMS,
  type Category,
  type DispatchMode,
  type OfferMode,
  type ResponsibilityRequest,
  type ResponsibilityView,
  type ReturnToPoliceRule,
  type SessionUser,
  type Team,
} from '@xiaonao/contracts';
import { DomainError } from '@xiaonao/domain';
import { CurrentUser, Roles } from '../auth/guards';
import { ResponsibilityTable } from './responsibility-table';

class ResponsibilityDto implements ResponsibilityRequest {
  @ApiProperty({ enum: TEAMS, isArray: true, description: '负责的队伍类型；空表示不限 / responsible teams; empty means any' })
  @IsArray()
  @ArrayUnique()
  @IsIn(TEAMS, { each: true })
  teams!: Team[];

  @ApiProperty({ minimum: 1, maximum: 3, description: '1 紧急 … 3 一般' })
  @IsInt()
  @Min(1)
  @Max(3)
  priority!: number;

  @ApiProperty({ enum: DISPATCH_MODES })
  @IsIn(DISPATCH_MODES)
  dispatchMode!: DispatchMode;

  @ApiProperty({ enum: OFFER_MODES })
  @IsIn(OFFER_MODES)
  offerMode!: OfferMode;

  @ApiProperty({ minimum: 2, maximum: 10 })
  @IsInt()
  @Min(2)
  @Max(10)
  raceSize!: number;

  @ApiProperty({ required: false, default: false, description: '允许排队：无空闲人员时可派给正在处置的人员作为下一单 / a busy worker may take it as their next case' })
  @IsOptional()
  @IsBoolean()
  queueWhenBusy?: boolean;

  @ApiProperty({ required: false, nullable: true, minimum: 5, maximum: 600, description: '每次派单的答复时限（秒）；空为默认 / seconds to answer an offer; null: the hub default' })
  @IsOptional()
  @IsInt()
  @Min(5)
  @Max(600)
  offerWindowSeconds?: number | null;

  @ApiProperty({ description: '警务事项：接警即退回 110 / a police matter: refused back to 110' })
  @IsBoolean()
  policeOnly!: boolean;

  @ApiProperty({ enum: RETURN_TO_POLICE_RULES, required: false, description: '谁可将该类事件退回公安；缺省保持原设置 / who may return this category to the police; absent keeps the current rule' })
  @IsOptional()
  @IsIn(RETURN_TO_POLICE_RULES)
  returnToPolice?: ReturnToPoliceRule;
}

// eslint-disable-next-line no-useless-assignment -- used in a parameter decorator, which the rule does not follow
const categoryPipe = () =>
  new ParseEnumPipe(Object.fromEntries(CATEGORIES.map((c) => [c, c])), {
  exceptionFactory: () => new DomainError('INVALID_INPUT', 'category：未知的事件类别', 'category: unknown category', 'category'),
});

/** The responsibility table (权责清单): which teams answer which category, and how the hub dispatches it. */
@ApiTags('township')
@Controller('api/township/responsibilities')
export class ResponsibilitiesController {
  constructor(@Inject(ResponsibilityTable) private readonly table: ResponsibilityTable) {}

  @Get()
  @Roles('operator')
  list(@CurrentUser() user: SessionUser): Promise<ResponsibilityView[]> {
    return this.table.list(user);
  }

  @Put(':category')
  @Roles('operator')
  set(@CurrentUser() user: SessionUser, @Param('category', categoryPipe()) cat: Category, @Body() body: ResponsibilityDto): Promise<ResponsibilityView> {
    return this.table.set(user, cat, body);
  }
}
