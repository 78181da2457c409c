import type { IntegrationKind, Role, SessionUser } from '@xiaonao/contracts';

/** Who is calling: a person with a session, or an integration with an API key. */
export interface Integration {
  apiKeyId: string;
  townshipId: string;
  name: string;
  kind: IntegrationKind;
}

export interface AuthedRequest {
  headers: Record<string, string | string[] | undefined>;
  user?: SessionUser;
  /** The session of the access token (`sid`), for signing out. */
  sessionId?: string;
  integration?: Integration;
}

export const ROLES_KEY = 'xiaonao:roles';
export type { Role, SessionUser };
