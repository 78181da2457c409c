import { Body, Controller, Get, Inject, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { ClockSettingsView, SessionUser } from '@xiaonao/contracts';
import { CurrentUser, Roles } from '../auth/guards';
import { ClockSettingsDto } from './clock-settings.dto';
import { ClockSettings } from './clock-settings';

/** The 1-3-8 windows by category and priority, and the escalation chain of each stage. */
@ApiTags('township')
@Controller('api/township/clock-settings')
export class ClockSettingsController {
  constructor(@Inject(ClockSettings) private readonly settings: ClockSettings) {}

  @Get()
  @Roles('operator')
  get(@CurrentUser() user: SessionUser): Promise<ClockSettingsView> {
    return this.settings.get(user);
  }

  @Put()
  @Roles('operator')
  set(@CurrentUser() user: SessionUser, @Body() body: ClockSettingsDto): Promise<ClockSettingsView> {
    return this.settings.set(user, body);
  }
}
