/**
 * Reaching a worker whose screen is off: the township's chains, their planning with each offer, the
 * pager that sends them through the configured providers, and what operators read of it. Joined to
 * AppModule's lists like PlacesFeature.
 */
import type { FactoryProvider } from '@nestjs/common';
import { Clock } from '../clock/clock';
import { HUB_CONFIG, type HubConfig } from '../config/hub-config';
import type { NotifyChannel } from './channel';
import { NOTIFY_CHANNELS } from './notify-channels';
import { NotifyController } from './notify.controller';
import { NotifySettings } from './notify-settings';
import { PagePlanner } from './page-planner';
import { PageQueries } from './page-queries';
import { PageRecorder } from './page-recorder';
import { Pager } from './pager';
import { PushController } from './push.controller';
import { PushSubscriptions } from './push-subscriptions';
import { createChannels } from './providers';
import { SocketDelivery } from './socket-delivery';

const channels: FactoryProvider<NotifyChannel[]> = {
  provide: NOTIFY_CHANNELS,
  useFactory: (config: HubConfig, clock: Clock, pushSubscriptions: PushSubscriptions) => createChannels(config.notify, clock, pushSubscriptions),
  inject: [HUB_CONFIG, Clock, PushSubscriptions],
};

export const NotifyFeature = {
  controllers: [NotifyController, PushController],
  providers: [
    channels,
    NotifySettings,
    PagePlanner,
    PageRecorder,
    PageQueries,
    Pager,
    SocketDelivery,
    PushSubscriptions,
  ],
} as const;
