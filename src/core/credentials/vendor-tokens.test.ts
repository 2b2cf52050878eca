import { describe, expect, it } from 'vitest';
import { makeExchange } from '../../../test/make-exchange.ts';
import { isCredentialHeader } from '../credential-headers.ts';
import { diagnose } from '../diagnose.ts';
import { identifyToken } from './identify-token.ts';
import { VENDOR_TOKENS } from './vendor-tokens.ts';

const NOW = Date.UTC(2026, 10, 21, 12, 0, 0);
const repeat = (alphabet: string, length: number) =>
  alphabet.repeat(Math.ceil(length / alphabet.length)).slice(0, length);
const ANTHROPIC = `sk-ant-api03-${repeat('AbCd12_-', 93)}AA`;
const SHOPIFY = `shpat_${repeat('0a1b2c3d', 32)}`;
const LINEAR = `lin_api_${repeat('Xy7Q', 40)}`;
const FIGMA = `figd_${repeat('Zq9-Rt', 42)}`;

const top = (input: Parameters<typeof makeExchange>[0]) =>
  diagnose(makeExchange({ at: NOW, ...input }), { now: NOW }).causes[0];

describe('vendor token shapes and the forms their services read', () => {
  it('recognises at least 25 new kinds, each with a form, and reads their headers as credentials', () => {
    expect(VENDOR_TOKENS.length).toBeGreaterThanOrEqual(25);
    expect(new Set(VENDOR_TOKENS.map((vendor) => vendor.id)).size).toBe(VENDOR_TOKENS.length);
    for (const vendor of VENDOR_TOKENS) {
      expect(vendor.forms.length, vendor.id).toBeGreaterThan(0);
      for (const form of vendor.forms)
        if (form.in === 'header') expect(isCredentialHeader(form.name), form.name).toBe(true);
    }
  });

  it('names the kind, and leaves unprefixed secrets opaque', () => {
    expect(identifyToken(ANTHROPIC)).toMatchObject({
      kind: 'vendor-token',
      description: 'Anthropic API key',
    });
    expect(identifyToken(SHOPIFY).description).toBe('Shopify Admin API access token');
    expect(identifyToken(repeat('0123456789abcdef', 32)).kind).toBe('opaque');
  });

  it('ranks wrong-scheme first for an Anthropic key sent as Bearer, with the expected form as the fix', () => {
    const cause = top({
      url: 'https://api.anthropic.com/v1/messages',
      method: 'POST',
      status: 401,
      request: { authorization: `Bearer ${ANTHROPIC}` },
      response: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'error',
        error: { type: 'authentication_error', message: 'invalid x-api-key' },
      }),
    });
    expect(cause?.id).toBe('wrong-scheme');
    expect(cause?.fix).toContain('x-api-key: <key>');
  });

  it('ranks wrong-scheme for a Shopify token in Authorization and a Figma token as Bearer', () => {
    expect(
      top({
        url: 'https://shop.myshopify.com/admin/api/2024-10/shop.json',
        status: 401,
        request: { authorization: `Bearer ${SHOPIFY}` },
      })?.id,
    ).toBe('wrong-scheme');
    expect(
      top({ url: 'https://api.figma.com/v1/me', status: 403, request: { authorization: `Bearer ${FIGMA}` } })
        ?.id,
    ).toBe('wrong-scheme');
  });

  it('accepts a Linear key bare, as Linear documents it, and calls neither the header nor the scheme wrong', () => {
    const ids = diagnose(
      makeExchange({
        at: NOW,
        url: 'https://api.linear.app/graphql',
        status: 401,
        request: { authorization: LINEAR },
      }),
      { now: NOW },
    ).causes.map((cause) => cause.id);
    expect(ids).not.toContain('wrong-scheme');
    expect(ids).not.toContain('malformed-header');
  });

  it('ranks a Discord bot token without "Bot " as wrong-scheme, not malformed-header', () => {
    const id = Buffer.from('123456789012345678').toString('base64').replace(/=+$/, '');
    const time = Buffer.from([0x12, 0x34, 0x56, 0x78]).toString('base64url');
    const token = `${id}.${time}.${repeat('aB3-_xYz9Q', 38)}`;
    expect(
      top({
        url: 'https://discord.com/api/v10/users/@me',
        status: 401,
        request: { authorization: token },
        body: '{"message": "401: Unauthorized", "code": 0}',
      })?.id,
    ).toBe('wrong-scheme');
  });

  it('calls a form mismatch on another host only likely, below a reason the server states', () => {
    const cause = top({
      url: 'https://llm-proxy.internal.example/v1/messages',
      status: 401,
      request: { authorization: `Bearer ${ANTHROPIC}` },
      body: JSON.stringify({ error: { message: 'Token has expired' } }),
    });
    expect(cause?.id).toBe('token-expired');
  });
});

describe('services whose secrets have no shape, read in one form only', () => {
  it('names wrong-scheme for a Bearer to Twilio or Mailgun, which read Basic only', () => {
    const twilio = top({
      url: 'https://api.twilio.com/2010-04-01/Accounts.json',
      status: 401,
      request: { authorization: `Bearer ${repeat('0f1e2d3c', 32)}` },
    });
    expect(twilio?.id).toBe('wrong-scheme');
    expect(twilio?.fix).toContain('Basic');
    expect(
      top({
        url: 'https://api.mailgun.net/v3/domains',
        status: 401,
        request: { authorization: 'Bearer abc123' },
      })?.id,
    ).toBe('wrong-scheme');
    expect(
      top({
        url: 'https://api.twilio.com/2010-04-01/Accounts.json',
        status: 401,
        request: { authorization: 'Basic QUMxOnNlY3JldA==' },
      })?.id,
    ).not.toBe('wrong-scheme');
  });

  it('tells a Cloudflare Global API Key from an API token, and a Datadog application key from an API key, at their hosts only', () => {
    const globalKey = repeat('0123456789abcdef', 37);
    expect(
      top({
        url: 'https://api.cloudflare.com/client/v4/zones',
        status: 400,
        request: { authorization: `Bearer ${globalKey}` },
      })?.id,
    ).toBe('wrong-scheme');
    expect(
      top({
        url: 'https://api.example.com/v1/me',
        status: 401,
        request: { authorization: `Bearer ${globalKey}` },
      })?.id,
    ).not.toBe('wrong-scheme');
    const appKey = repeat('abcdef0123456789', 40);
    const datadog = top({
      url: 'https://api.datadoghq.com/api/v1/validate',
      status: 403,
      request: { 'dd-api-key': appKey },
    });
    expect(datadog?.id).toBe('wrong-scheme');
    expect(datadog?.fix).toContain('dd-application-key');
  });
});
