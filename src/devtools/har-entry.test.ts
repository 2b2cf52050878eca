import { describe, expect, it } from 'vitest';
import { parseObservation } from '../shared/messages.ts';
import { isWorthRecording, mightBeTokenRequestHar, observationFromHar } from './har-entry.ts';
import { tokenRequestOfHar } from './har-token-request.ts';

const entry = {
  startedDateTime: '2026-11-21T12:00:00.000Z',
  time: 42.4,
  request: {
    method: 'GET',
    url: 'https://api.example.com/v1/me',
    headers: [
      { name: ':authority', value: 'api.example.com' },
      { name: 'Authorization', value: 'Bearer abc.def.ghi' },
    ],
  },
  response: { status: 401, headers: [{ name: 'WWW-Authenticate', value: 'Bearer error="invalid_token"' }] },
};

describe('DevTools HAR entries', () => {
  it('become observations the worker accepts, without HTTP/2 pseudo-headers', () => {
    const observation = observationFromHar(entry, '{"error":"invalid_token"}');
    expect(parseObservation(observation)).toEqual({
      api: 'devtools',
      method: 'GET',
      url: 'https://api.example.com/v1/me',
      status: 401,
      startedAt: Date.UTC(2026, 10, 21, 12),
      completedAt: Date.UTC(2026, 10, 21, 12) + 42,
      requestHeaders: [{ name: 'authorization', value: 'Bearer abc.def.ghi' }],
      responseHeaders: [{ name: 'www-authenticate', value: 'Bearer error="invalid_token"' }],
      body: { text: '{"error":"invalid_token"}', truncated: false },
    });
  });

  it('name the cookies that went and leave their values behind (issue 18)', () => {
    const withCookies = {
      ...entry,
      request: {
        ...entry.request,
        headers: [
          ...entry.request.headers,
          { name: 'Cookie', value: 'sessionid=s3cr3t-value; csrftoken=c5rf; =odd' },
        ],
      },
    };
    const observation = observationFromHar(withCookies, undefined);
    expect(JSON.stringify(observation)).not.toContain('s3cr3t-value');
    expect(parseObservation(observation)?.sentCookies).toEqual(['sessionid', 'csrftoken']);
    // A page-made list that is not names (too many, not strings) is left out, the observation kept.
    const forged = parseObservation({ ...observation, sentCookies: Array.from({ length: 51 }, () => 'a') });
    expect(forged?.sentCookies).toBeUndefined();
    expect(parseObservation({ ...observation, sentCookies: [1] })?.status).toBe(401);
  });

  it('are worth recording when they failed or carried a credential, and only for http(s)', () => {
    const watched = new Set([401, 403]);
    expect(isWorthRecording(entry, watched)).toBe(true);
    const success = { ...entry, response: { status: 200, headers: [] } };
    expect(isWorthRecording(success, watched)).toBe(true);
    const plain = { ...success, request: { ...entry.request, headers: [] } };
    expect(isWorthRecording(plain, watched)).toBe(false);
    expect(
      isWorthRecording({ ...entry, request: { ...entry.request, url: 'data:text/plain,x' } }, watched),
    ).toBe(false);
  });

  it('read a token request from the logged body (a web worker’s refresh), secrets fingerprinted', () => {
    const refresh = {
      ...entry,
      request: {
        method: 'POST',
        url: 'https://tenant.eu.auth0.com/oauth/token',
        headers: [{ name: 'Content-Type', value: 'application/x-www-form-urlencoded' }],
        postData: { text: 'grant_type=refresh_token&client_id=spa1&refresh_token=v1.MsecretRefreshValue' },
      },
      response: { status: 403, headers: [] },
    };
    expect(mightBeTokenRequestHar(refresh)).toBe(true);
    expect(mightBeTokenRequestHar(entry)).toBe(false);
    const request = tokenRequestOfHar(refresh);
    expect(request).toMatchObject({ grantType: 'refresh_token', clientId: 'spa1' });
    expect(JSON.stringify(request)).not.toContain('MsecretRefreshValue');
    const observation = parseObservation({
      ...observationFromHar(refresh, undefined),
      tokenRequest: request,
    });
    expect(observation?.tokenRequest?.secrets[0]?.field).toBe('refresh_token');
    expect(tokenRequestOfHar(entry)).toBeUndefined();
  });
});
