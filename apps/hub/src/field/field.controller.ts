/** The field end's own routes: catch-up after a drop, and how the phone page should behave. */
import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import type { MissedEventsResponse, PhoneSettingsView, SessionUser } from '@xiaonao/contracts';
import { DomainError } from '@xiaonao/domain';
import { CurrentUser, Roles } from '../auth/guards';
import { HUB_CONFIG, type HubConfig } from '../config/hub-config';
import { MissedEvents } from './missed-events';

function parseAfter(raw: string | undefined): number | null {
  if (raw === undefined || raw === '') return null;
  const after = Number(raw);
  if (!Number.isSafeInteger(after) || after < 0) throw new DomainError('INVALID_INPUT', 'after：须为非负整数（上次收到的 seq）', 'after: must be a non-negative integer (the last seq received)', 'after');
  return after;
}

@ApiTags('field')
@Controller('api')
export class FieldController {
  constructor(
    @Inject(MissedEvents) private readonly missed: MissedEvents,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {}

  /** Socket events sent to the caller's rooms after `after`; without it, only where the log stands. */
  @Get('me/missed')
  @Roles('operator', 'worker', 'station', 'leader')
  @ApiQuery({ name: 'after', required: false, description: '上次收到的 seq / the last seq received' })
  missedEvents(@CurrentUser() user: SessionUser, @Query('after') after?: string): Promise<MissedEventsResponse> {
    return this.missed.after(user, parseAfter(after));
  }

  @Get('workers/me/phone-settings')
  @Roles('worker')
  phoneSettings(): PhoneSettingsView {
    return { fixIntervalSeconds: this.config.field.phoneFixIntervalSeconds, offerSoundRepeatSeconds: this.config.field.offerSoundRepeatSeconds };
  }
}
