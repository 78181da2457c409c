/**
 * How the hub opens NATS and its JetStream streams, in one place. A connection keeps trying for as long
 * as the hub runs: the client's default (10 attempts, 2 s apart) gave up for good after a NATS restart
 * of more than 20 s, and only a liveness restart brought the hub back. A stream is kept on as many
 * servers as NATS_STREAM_REPLICAS says (1 on a single server, 3 on the deploy's cluster).
 */
import { Logger } from '@nestjs/common';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { JetStreamManager, StreamConfig } from '@nats-io/jetstream';

const logger = new Logger('Bus');

export function connectNats(url: string, name: string): Promise<NatsConnection> {
  return connect({ servers: url, name, maxReconnectAttempts: -1, reconnectTimeWait: 1_000 });
}

/** The stream as asked, created if absent; an existing one with another replica count is brought to it. */
export async function ensureStream(jsm: JetStreamManager, config: Partial<StreamConfig> & Pick<StreamConfig, 'name' | 'subjects'>, replicas = 1): Promise<void> {
  const known = await jsm.streams.info(config.name).catch(() => null);
  if (!known) {
    await jsm.streams
      .add({ ...config, num_replicas: replicas })
      // Another hub process created it in between.
      .catch(() => jsm.streams.info(config.name));
    return;
  }
  if (known.config.num_replicas !== replicas) {
    // A cluster too small for the count refuses it: the stream keeps working with what it has, and says so.
    await jsm.streams
      .update(config.name, { ...known.config, num_replicas: replicas })
      .catch((error: unknown) => logger.warn(`stream ${config.name} kept at ${known.config.num_replicas} replica(s), not ${replicas}: ${String(error)}`));
  }
}
