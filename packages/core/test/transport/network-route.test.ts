import { networkRouteFor } from '@wxbot/core';

// How a request goes out, as a network error reports it (the CLI's "tried:" line): the rules of
// the proxy variables (as curl and npm read them), with `connectTo` always direct.

const VARS = ['HTTPS_PROXY', 'HTTP_PROXY', 'ALL_PROXY', 'NO_PROXY'].flatMap((v) => [
  v,
  v.toLowerCase(),
  `npm_config_${v.toLowerCase()}`,
]);
VARS.push('npm_config_proxy');
const saved = { ...process.env };
beforeEach(() => {
  for (const key of VARS) delete process.env[key];
});
afterAll(() => {
  for (const key of VARS) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
});

const ILINK = 'https://ilinkai.weixin.qq.com/ilink/bot/getupdates';

test('no proxy variable: direct', () => {
  expect(networkRouteFor(ILINK)).toEqual({ via: 'direct' });
});

test('HTTPS_PROXY: through it, credentials dropped; HTTP_PROXY alone does not apply to https', () => {
  process.env.HTTP_PROXY = 'http://plain.example:8080';
  expect(networkRouteFor(ILINK)).toEqual({ via: 'direct' });
  expect(networkRouteFor('http://127.0.0.1:9/x')).toEqual({
    via: 'proxy',
    proxy: 'http://plain.example:8080',
  });
  process.env.HTTPS_PROXY = 'http://user:secret@proxy.example:3128';
  expect(networkRouteFor(ILINK)).toEqual({ via: 'proxy', proxy: 'http://proxy.example:3128' });
});

test('NO_PROXY matching the host: direct, naming the proxy it did not use', () => {
  process.env.HTTPS_PROXY = 'http://proxy.example:3128';
  process.env.NO_PROXY = '.qq.com';
  expect(networkRouteFor(ILINK)).toEqual({ via: 'no-proxy', proxy: 'http://proxy.example:3128' });
  process.env.NO_PROXY = 'example.org';
  expect(networkRouteFor(ILINK)).toEqual({ via: 'proxy', proxy: 'http://proxy.example:3128' });
});

test('ALL_PROXY is a proxy too; connectTo is direct whatever the variables say', () => {
  process.env.ALL_PROXY = 'http://all.example:1080';
  expect(networkRouteFor(ILINK)).toEqual({ via: 'proxy', proxy: 'http://all.example:1080' });
  expect(networkRouteFor(ILINK, '127.0.0.1:8080')).toEqual({ via: 'connect-to', address: '127.0.0.1:8080' });
});
