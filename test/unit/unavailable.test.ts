import { isDatabaseUnavailable } from '../../src/db/unavailable';

describe('isDatabaseUnavailable', () => {
  it('recognises an outage however it is wrapped, and nothing else', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(isDatabaseUnavailable(refused)).toBe(true);
    expect(isDatabaseUnavailable({ message: 'wrapped', originalError: refused })).toBe(true);
    expect(isDatabaseUnavailable({ thrownValue: { code: '57P01' } })).toBe(true); // admin shutdown
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable(new AggregateError([refused]))).toBe(true);
    // A bug or a refused statement is not an outage: it must stay an internal error, logged.
    expect(isDatabaseUnavailable({ code: '08P01', message: 'bind message supplies 6 parameters' })).toBe(false);
    expect(isDatabaseUnavailable({ code: '42501', message: 'permission denied' })).toBe(false);
    expect(isDatabaseUnavailable({ code: '57014', message: 'canceling statement due to statement timeout' })).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
  });
});
