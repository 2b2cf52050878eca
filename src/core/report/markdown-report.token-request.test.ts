import { describe, expect, it } from 'vitest';
import { expectWellFormed, reportFor } from './report-test-helpers.ts';

describe('the report of a token request', () => {
  it('says what was asked and by which client, and names the secrets without their values', () => {
    const refreshToken = 'rt-9f8e7d6c5b4a39281706f5e4d3c2b1a0';
    const clientSecret = 'cs-0a1b2c3d4e5f6a7b8c9d';
    const { markdown } = reportFor({
      method: 'POST',
      url: 'https://sso.example.com/realms/shop/protocol/openid-connect/token',
      status: 400,
      request: { 'content-type': 'application/x-www-form-urlencoded' },
      requestBody: `grant_type=refresh_token&refresh_token=${refreshToken}&client_id=shop-web&client_secret=${clientSecret}&scope=openid%20orders`,
      response: { 'content-type': 'application/json' },
      body: '{"error":"invalid_grant","error_description":"Token is not active"}',
    });
    expectWellFormed(markdown);
    expect(markdown).toContain('#### Token request');
    expect(markdown).toContain('- Grant: `refresh_token`');
    expect(markdown).toContain('- Client: `shop-web`');
    expect(markdown).toContain('client_secret_post');
    expect(markdown).toContain(
      '- Secrets sent: `refresh_token`, `client_secret` (values are never recorded)',
    );
    expect(markdown).toContain('refresh-failed');
    for (const secret of [refreshToken, clientSecret]) expect(markdown).not.toContain(secret);
  });
});
