import { describe, expect, it } from 'vitest';
import { DomainError } from '@xiaonao/domain';
import { admitKind, kindAccess } from './integration-kind';
import type { Integration } from './session';

const key = (kind: Integration['kind']): Integration => ({ apiKeyId: 'k', townshipId: 't', name: 'n', kind });

describe('admitKind', () => {
  it('lets a door’s own kind in, and any kind where a door names none', () => {
    expect(() => admitKind(key('12345'), ['12345'], '12345 工单转派入口', 'the 12345 door')).not.toThrow();
    expect(() => admitKind(key('camera'), [], '摄像头入口', 'the camera door')).not.toThrow();
  });

  it('refuses another kind with a 403 naming the key, what it is and the door', () => {
    let refusal: unknown;
    try {
      admitKind(key('110'), ['12345'], '12345 工单转派入口', 'the 12345 door');
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(DomainError);
    expect(refusal).toMatchObject({ code: 'FORBIDDEN', field: 'x-api-key' });
    expect((refusal as DomainError).message).toBe('x-api-key：该 API 密钥属于110 联动平台，不能使用12345 工单转派入口（仅限12345 热线的密钥）');
    expect(() => admitKind(key('110'), ['open311'], 'Open311 接口', 'the Open311 API', 'api_key')).toThrow(/^api_key：/);
  });
});

describe('kindAccess', () => {
  it('names the kinds a key route takes, as the route sweep reads them', () => {
    expect(kindAccess('signed-api-key', ['12345'])).toEqual(['signed-api-key:12345']);
    expect(kindAccess('api-key', [])).toEqual(['api-key']);
  });
});
