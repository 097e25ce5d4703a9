import { describe, expect, it } from 'vitest';
import { isSecretName } from './secret-names';

// Real-world credential headers: API gateways (Azure APIM, AWS, Kong, Apigee), vendor feeds,
// OAuth and session schemes.
const SECRET_HEADERS = [
  'Authorization',
  'Proxy-Authorization',
  'Cookie',
  'Set-Cookie',
  'X-Api-Key',
  'Api-Key',
  'apikey',
  'X-API-KEY',
  'Ocp-Apim-Subscription-Key',
  'X-Key',
  'Key',
  'X-Access-Key',
  'X-Client-Key',
  'X-Partner-Key',
  'X-Licence-Key',
  'X-License-Key',
  'X-TAXII-Key',
  'X-Subscription-Key',
  'X-Auth-Token',
  'X-Access-Token',
  'X-CSRF-Token',
  'X-XSRF-TOKEN',
  'X-Amz-Security-Token',
  'X-Amz-Signature',
  'X-Goog-Api-Key',
  'X-Secret',
  'X-Client-Secret',
  'X-Password',
  'X-Passphrase',
  'X-Session',
  'X-Session-Id',
  'X-Sid',
  'X-Credentials',
  'X-Auth',
  'X-Authentication',
  'X-JWT-Assertion',
  'X-Bearer',
  'X-Signature',
  'X-Hub-Signature-256',
  'X-Private-Token',
  'PRIVATE-TOKEN',
  'X-OTX-API-KEY',
  'X-Vt-Apikey',
  'X-Hmac',
  'X-SAML',
  'xAuthToken',
];

// Real-world credential query parameters.
const SECRET_PARAMS = [
  'key',
  'api_key',
  'apikey',
  'api-key',
  'apiKey',
  'subscription-key',
  'subscription_key',
  'authkey',
  'auth_key',
  'user_key',
  'license_key',
  'licence_key',
  'private_key',
  'session_id',
  'sessionid',
  'sid',
  'access_key',
  'accessKey',
  'access_token',
  'refresh_token',
  'id_token',
  'token',
  'auth',
  'sig',
  'signature',
  'X-Amz-Signature',
  'X-Amz-Credential',
  'X-Amz-Security-Token',
  'password',
  'passwd',
  'pwd',
  'pass',
  'secret',
  'client_secret',
  'code',
  'otp',
  'jwt',
  'ticket',
];

// Ordinary protocol names that must stay in clear (TAXII filters, content negotiation, tracing).
const PLAIN = [
  'Accept',
  'Accept-Encoding',
  'Accept-Language',
  'Content-Type',
  'Content-Length',
  'User-Agent',
  'X-Request-Id',
  'X-Correlation-Id',
  'X-Forwarded-For',
  'X-Tenant',
  'X-Client',
  'X-Request-Source',
  'Cache-Control',
  'If-None-Match',
  'Range',
  'Origin',
  'Referer',
  'Host',
  'Connection',
  'Keep-Alive',
  'X-TAXII-Date-Added-First',
  'WWW-Authenticate',
  'Proxy-Authenticate',
  'limit',
  'next',
  'type',
  'added_after',
  'match[type]',
  'match[id]',
  'match[version]',
  'match[spec_version]',
  'lang',
  'format',
  'page',
  'offset',
  'sort',
  'design',
  'country_code',
  '',
];

describe('which names carry a credential', () => {
  it.each(SECRET_HEADERS)('header %s is secret', (name) => {
    expect(isSecretName(name)).toBe(true);
  });
  it.each(SECRET_PARAMS)('URL parameter %s is secret', (name) => {
    expect(isSecretName(name)).toBe(true);
  });
  it.each(PLAIN)('%s stays plain', (name) => {
    expect(isSecretName(name)).toBe(false);
  });
  it('ignores case and surrounding spaces', () => {
    expect(isSecretName('  ocp-apim-SUBSCRIPTION-key ')).toBe(true);
    expect(isSecretName(' ACCEPT ')).toBe(false);
  });
});
