/**
 * Standard security headers (helmet) and a Content-Security-Policy the pages pass as built: their
 * code, styles, service worker and manifest come from the hub itself, sockets and API calls go back
 * to it, and only images (map tiles) come from elsewhere: every https: tile server, and the origins in
 * IMAGE_ORIGINS (an intranet tile server over http). The Swagger UI at /api/docs starts itself with an
 * inline script and styles: it gets a policy of its own that allows them, and nothing else does.
 */
import { API } from '@xiaonao/contracts';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet, { type HelmetOptions } from 'helmet';

type Directives = Record<string, string[]>;

/** The pages' policy, directive by directive. */
export function pageDirectives(imageOrigins: readonly string[]): Directives {
  return {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'script-src-attr': ["'none'"],
    'style-src': ["'self'"],
    'img-src': ["'self'", 'data:', 'blob:', 'https:', ...imageOrigins],
    'font-src': ["'self'", 'data:'],
    // 'self' covers the socket's ws:/wss: to the same host (CSP Level 3).
    'connect-src': ["'self'"],
    'worker-src': ["'self'"],
    'manifest-src': ["'self'"],
    'media-src': ["'self'", 'data:', 'blob:'],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  };
}

/** The Swagger UI's: its bundle and the inline script that starts it, its inline styles, its data: icons. */
export function docsDirectives(): Directives {
  return {
    ...pageDirectives([]),
    'script-src': ["'self'", "'unsafe-inline'"],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:'],
  };
}

function options(directives: Directives): HelmetOptions {
  return {
    // upgrade-insecure-requests is left out: a township's hub often runs on plain http inside its network.
    contentSecurityPolicy: { useDefaults: false, directives },
    // OpenStreetMap's tile servers refuse requests without a Referer; an origin-only one is enough.
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    // Half a year, this host only: a hub beside other services on plain-http subdomains must not break them.
    strictTransportSecurity: { maxAge: 180 * 24 * 3600, includeSubDomains: false },
    xFrameOptions: { action: 'deny' },
  };
}

/** Helmet for every answer: the docs' policy under /api/docs, the pages' everywhere else. */
export function securityHeaders(imageOrigins: readonly string[]): RequestHandler {
  const pages = helmet(options(pageDirectives(imageOrigins)));
  const docs = helmet(options(docsDirectives()));
  return (req: Request, res: Response, next: NextFunction) => (req.path === API.docs || req.path.startsWith(`${API.docs}/`) ? docs : pages)(req, res, next);
}
