import type { ProviderKeys } from '../../apps/sim/src/standins/provider-standins';

/** Keys the tests' provider stand-ins accept (and the hub is configured with). */
export const TEST_PROVIDER_KEYS: ProviderKeys = {
  dingtalk: { appKey: 'ding-test-key', appSecret: 'ding-test-secret', agentId: 4001 },
  aliyun: { accessKeyId: 'LTAI-test', accessKeySecret: 'aliyun-test-secret', signName: '小脑', templateCode: 'SMS_2001', showNumber: '057100000000', ttsCode: 'TTS_2001' },
};
