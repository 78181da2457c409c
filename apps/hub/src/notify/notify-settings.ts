/** A township's notifier chains (the default until an operator sets them), and which channels this hub can use. */
import { Inject, Injectable } from '@nestjs/common';
import type { ChannelKind, NotifySettingsRequest, NotifySettingsView, SessionUser } from '@xiaonao/contracts';
import { checkNotifySettings, DEFAULT_NOTIFY_SETTINGS } from '@xiaonao/domain';
import { HUB_CONFIG, type HubConfig } from '../config/hub-config';
import { Database, type Sql } from '../persistence/database';

@Injectable()
export class NotifySettings {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {}

  /** Channels with a provider: the page's socket always; the others when their keys are set. */
  configuredChannels(): ChannelKind[] {
    const n = this.config.notify;
    const out: ChannelKind[] = ['socket'];
    if (n.dingtalk) out.push('dingtalk');
    if (n.wecom) out.push('wecom');
    if (n.sms) out.push('sms');
    if (n.voice) out.push('voice');
    if (n.webpush) out.push('webpush');
    return out;
  }

  async of(tx: Sql, townshipId: string): Promise<NotifySettingsRequest> {
    const [row] = await tx.query<{ settings: NotifySettingsRequest }>('SELECT settings FROM notify_settings WHERE township_id = $1', [townshipId]);
    return row?.settings ?? DEFAULT_NOTIFY_SETTINGS;
  }

  async view(user: SessionUser): Promise<NotifySettingsView> {
    return { ...(await this.of(this.db, user.townshipId)), configuredChannels: this.configuredChannels() };
  }

  async replace(user: SessionUser, req: NotifySettingsRequest): Promise<NotifySettingsView> {
    const settings = checkNotifySettings({ nightStart: req.nightStart, nightEnd: req.nightEnd, chains: req.chains.map((c) => ({ category: c.category ?? null, day: c.day, night: c.night })) });
    await this.db.query(
      `INSERT INTO notify_settings (township_id, settings, updated_at, updated_by) VALUES ($1, $2, now(), $3)
       ON CONFLICT (township_id) DO UPDATE SET settings = EXCLUDED.settings, updated_at = now(), updated_by = EXCLUDED.updated_by`,
      [user.townshipId, JSON.stringify(settings), `operator:${user.username}`],
    );
    return this.view(user);
  }
}
