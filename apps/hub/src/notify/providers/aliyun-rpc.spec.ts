import { describe, expect, it } from 'vitest';
import { canonicalizedQuery, percentEncode, rpcSignature, rpcTimestamp } from './aliyun-rpc';

describe('Aliyun RPC signature', () => {
  it('reproduces the SendSms example of the SMS signature docs', () => {
    const params = {
      AccessKeyId: 'testId',
      Action: 'SendSms',
      Format: 'XML',
      OutId: '123',
      PhoneNumbers: '15300000001',
      RegionId: 'cn-hangzhou',
      SignName: '阿里云短信测试专用',
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: '45e25e9b-0a6f-4070-8c85-2956eda1b466',
      SignatureVersion: '1.0',
      TemplateCode: 'SMS_71390007',
      TemplateParam: '{"customer":"test"}',
      Timestamp: '2017-07-12T02:42:19Z',
      Version: '2017-05-25',
    };
    expect(rpcSignature('GET', params, 'testSecret')).toBe('zJDF+Lrzhj/ThnlvIToysFRq6t4=');
  });

  it('reproduces the DescribeRegions example of the general signature docs', () => {
    const params = {
      Format: 'XML',
      AccessKeyId: 'testid',
      Action: 'DescribeRegions',
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf',
      SignatureVersion: '1.0',
      Version: '2014-05-26',
      Timestamp: '2016-02-23T12:46:24Z',
    };
    expect(rpcSignature('GET', params, 'testsecret')).toBe('OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
  });

  it('leaves the Signature parameter out of what it signs', () => {
    expect(canonicalizedQuery({ b: '2', Signature: 'x', a: '1' })).toBe('a=1&b=2');
  });

  it('encodes as RFC 3986 with Aliyun replacements', () => {
    expect(percentEncode("a b*~-_.!'()")).toBe('a%20b%2A~-_.%21%27%28%29');
    expect(percentEncode('/=&+')).toBe('%2F%3D%26%2B');
    expect(percentEncode('派')).toBe('%E6%B4%BE');
  });

  it('writes the timestamp in UTC without milliseconds', () => {
    expect(rpcTimestamp(new Date('2025-03-10T08:00:01.234Z'))).toBe('2025-03-10T08:00:01Z');
  });
});
