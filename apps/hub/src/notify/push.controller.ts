/** The signed-in worker's Web Push: the hub's VAPID key, and their browsers' subscriptions. */
import { Body, Controller, Delete, Get, HttpCode, Inject, Put, Query } from '@nestjs/common';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import type { PushSettingsView, SessionUser } from '@xiaonao/contracts';
import { CurrentUser, Roles } from '../auth/guards';
import { HUB_CONFIG, type HubConfig } from '../config/hub-config';
import { PushSubscriptionDto } from './push-subscription.dto';
import { PushSubscriptions } from './push-subscriptions';

@ApiTags('notify')
@Controller('api')
export class PushController {
  constructor(
    @Inject(PushSubscriptions) private readonly subscriptions: PushSubscriptions,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {}

  /** The applicationServerKey for `pushManager.subscribe`; null: this hub has no VAPID keys. */
  @Get('workers/me/push')
  @Roles('worker')
  settings(): PushSettingsView {
    return { publicKey: this.config.notify.webpush?.publicKey ?? null };
  }

  @Put('workers/me/push')
  @HttpCode(204)
  @Roles('worker')
  subscribe(@CurrentUser() user: SessionUser, @Body() body: PushSubscriptionDto): Promise<void> {
    return this.subscriptions.save(user, body);
  }

  @Delete('workers/me/push')
  @HttpCode(204)
  @Roles('worker')
  @ApiQuery({ name: 'endpoint', description: '要取消的订阅地址 / the subscription endpoint to remove' })
  unsubscribe(@CurrentUser() user: SessionUser, @Query('endpoint') endpoint?: string): Promise<void> {
    return this.subscriptions.remove(user, endpoint);
  }
}
