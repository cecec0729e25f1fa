import { ConfigError, parseConnectTo } from '@wxbot/core';
import { HttpClient, IlinkConfigError } from '@wxbot/ilink';

// One connectTo rule for both transports (core's parser); each side throws its own config error.

test('core parses connectTo into scheme, address and default port', () => {
  expect(parseConnectTo('http://127.0.0.1:8080')).toEqual({
    protocol: 'http:',
    address: '127.0.0.1',
    port: 8080,
  });
  expect(parseConnectTo('https://[::1]')).toEqual({ protocol: 'https:', address: '::1', port: 443 });
  expect(() => parseConnectTo('ftp://127.0.0.1')).toThrow(ConfigError);
});

test('a bad connectTo on iLink is an IlinkConfigError at path connectTo, with the same advice', () => {
  for (const [value, message] of [
    ['127.0.0.1:8080', /connectTo must be a URL like http:\/\/127\.0\.0\.1:8080/],
    ['ftp://127.0.0.1', /connectTo must use http: or https: \(got ftp:\)/],
  ] as const) {
    const error = (() => {
      try {
        new HttpClient({ connectTo: value });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(IlinkConfigError);
    expect(error).toMatchObject({ code: 'CONFIG', path: 'connectTo' });
    expect((error as Error).message).toMatch(message);
  }
});
