/** The injection token for the configured providers (DingTalk, WeCom, SMS, voice), built once at boot. */
export const NOTIFY_CHANNELS = Symbol('NOTIFY_CHANNELS');
