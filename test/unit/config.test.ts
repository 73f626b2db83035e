import { ConfigError, loadConfig } from '../../src/config';

describe('loadConfig', () => {
  it('reads the proxies to trust and the rate limits, and refuses what it cannot use', () => {
    expect(loadConfig({ TRUSTED_PROXIES: '10.0.0.0/8, 192.168.1.5' }).trustedProxies).toEqual(['10.0.0.0/8', '192.168.1.5']);
    expect(loadConfig({}).trustedProxies).toEqual([]);
    expect(() => loadConfig({ TRUSTED_PROXIES: 'loadbalancer.internal' })).toThrow(ConfigError);
    expect(loadConfig({ RATE_LIMIT_PER_MINUTE: '0' }).rateLimitPerMinute).toBe(0);
    expect(() => loadConfig({ RATE_LIMIT_PER_MINUTE: '-1' })).toThrow(ConfigError);
    expect(() => loadConfig({ REDIS_URL: 'localhost:6379' })).toThrow(ConfigError);
  });
});
