/**
 * socket.io with the hub's origin policy (origin-policy.ts): a handshake from a page on a foreign
 * origin is refused by engine.io before any socket exists (the client sees connect_error), and the
 * long-polling transport answers CORS only for the allowed origins.
 */
import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { originAllowed } from './origin-policy';

// Typed from the adapter itself: @nestjs/platform-socket.io may bring its own copy of socket.io.
type IoOptions = NonNullable<Parameters<IoAdapter['createIOServer']>[1]>;
type IoServer = ReturnType<IoAdapter['createIOServer']>;

export class OriginCheckedIoAdapter extends IoAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly allowed: readonly string[],
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: IoOptions): IoServer {
    const checked: Partial<IoOptions> = {
      ...options,
      cors: { origin: [...this.allowed], credentials: false },
      allowRequest: (req, callback) => callback(null, originAllowed(req.headers.origin, req.headers.host, this.allowed)),
    };
    // Nest declares the whole ServerOptions but passes (and socket.io takes) a partial one.
    return super.createIOServer(port, checked as IoOptions);
  }
}
