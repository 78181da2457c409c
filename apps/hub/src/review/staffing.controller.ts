/** 排班推演 route (docs/review.md): the controller translates and delegates. */
import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { SessionUser, StaffingView } from '@xiaonao/contracts';
import { CurrentUser, Roles } from '../auth/guards';
import { Staffing } from './staffing';
import { StaffingAskDto } from './staffing.dto';

@ApiTags('review')
@Controller('api/review')
export class StaffingController {
  constructor(@Inject(Staffing) private readonly staffing: Staffing) {}

  /** Replays the last N weeks of cases with K workers on duty per hour: the model's 1-3-8 rates beside the actual ones. */
  @Post('staffing')
  @HttpCode(200)
  @Roles('operator', 'leader')
  whatIf(@CurrentUser() user: SessionUser, @Body() body: StaffingAskDto): Promise<StaffingView> {
    return this.staffing.whatIf(user, body);
  }
}
