import { WxApiError } from '../src/errors.js';
import { XMLParser } from 'fast-xml-parser';
import { CookieJar } from 'tough-cookie';
import { wrapper } from 'axios-cookiejar-support';
import axios from 'axios';

test('error classes carry code and endpoint', () => {
  const e = new WxApiError('webwxsync', 1101, 'x');
  expect(e.code).toBe('API_RET');
  expect(e.name).toBe('WxApiError');
  expect(new XMLParser().parse('<a>1</a>')).toEqual({ a: 1 });
  expect(typeof wrapper(axios.create({ jar: new CookieJar() }))).toBe('function');
});
