import { Body, Controller, Get, Inject, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FollowUpSettingsView, SessionUser } from '@xiaonao/contracts';
import { CurrentUser, Roles } from '../auth/guards';
import { FollowUpSettingsDto } from './followup-settings.dto';
import { FollowUpSettings } from './followup-settings';

/** The township's 回访 rules: which resolved cases are called back, by when, and whether the grid leader may record. */
@ApiTags('followup')
@Controller('api/township/followup-settings')
export class FollowUpSettingsController {
  constructor(@Inject(FollowUpSettings) private readonly settings: FollowUpSettings) {}

  @Get()
  @Roles('operator')
  get(@CurrentUser() user: SessionUser): Promise<FollowUpSettingsView> {
    return this.settings.get(user);
  }

  @Put()
  @Roles('operator')
  set(@CurrentUser() user: SessionUser, @Body() body: FollowUpSettingsDto): Promise<FollowUpSettingsView> {
    return this.settings.set(user, body);
  }
}
