import { describe, expect, it } from 'vitest';
import { readAzureSas } from './azure-sas.ts';
import { BASE62, fake, identify, notes } from './identify-token-test-helpers.ts';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** A Discord-shaped bot token from a user id and a raw timestamp (seconds, big-endian, 4 bytes). */
function discordToken(userId: string, seconds: number, hmac = fake(27, `${BASE62}_-`)): string {
  const time = Buffer.alloc(4);
  time.writeUInt32BE(seconds);
  return `${Buffer.from(userId).toString('base64url')}.${time.toString('base64url')}.${hmac}`;
}

describe('identifyToken: Discord bot tokens', () => {
  it('decodes the user id and an epoch-based creation time (Discord epoch 1293840000)', () => {
    const created = Date.UTC(2020, 5, 1) / 1000;
    const result = identify(discordToken('123456789012345678', created - 1_293_840_000));
    expect(result).toEqual({
      kind: 'discord-bot-token',
      description: 'Discord bot token for user 123456789012345678 created 2020-06-01',
      details: { discordUserId: '123456789012345678', createdAt: created * 1000 },
    });
  });

  it('decodes a Unix-seconds creation time from newer tokens', () => {
    const created = Date.UTC(2024, 0, 15) / 1000;
    const result = identify(discordToken('80351110224678912', created));
    expect(result.details).toEqual({ discordUserId: '80351110224678912', createdAt: created * 1000 });
    expect(result.description).toContain('created 2024-01-15');
  });

  it('accepts the user id part in standard base64 with padding', () => {
    const id = Buffer.from('1234567890123456789').toString('base64');
    const [, time, hmac] = discordToken('1234567890123456789', 300_000_000).split('.');
    expect(identify(`${id}.${time}.${hmac}`).details.discordUserId).toBe('1234567890123456789');
  });

  it('rejects a timestamp that is neither after 2015 nor before tomorrow in either epoch', () => {
    expect(identify(discordToken('123456789012345678', 0xffffffff)).kind).toBe('opaque');
    expect(identify(discordToken('123456789012345678', 1000)).kind).toBe('opaque');
  });

  it('rejects a first part that is not a 17-20 digit user id', () => {
    expect(identify(discordToken('1234567890123456', 300_000_000)).kind).toBe('opaque');
    expect(identify(discordToken('12345678901234567x', 300_000_000)).kind).toBe('opaque');
  });

  it('rejects an HMAC part shorter than 25 characters', () => {
    expect(identify(discordToken('123456789012345678', 300_000_000, fake(24))).kind).toBe('opaque');
  });
});

describe('identifyToken: GitHub tokens', () => {
  it.each([
    ['ghp_', 'classic PAT', 'GitHub classic personal access token'],
    ['gho_', 'OAuth token', 'GitHub OAuth access token'],
    ['ghu_', 'user-to-server token', 'GitHub user-to-server token (GitHub App acting for a user)'],
    ['ghs_', 'installation token', 'GitHub installation token (GitHub App, server-to-server)'],
    ['ghr_', 'refresh token', 'GitHub refresh token (for the token endpoint, not the API)'],
  ])('recognises %s + 36 characters as a %s', (prefix, githubType, description) => {
    expect(identify(`${prefix}${fake(36)}`)).toEqual({
      kind: 'github-token',
      description,
      details: { githubType },
    });
  });

  it('recognises github_pat_ + 82 characters as a fine-grained PAT', () => {
    const token = `github_pat_${fake(22)}_${fake(59)}`;
    expect(identify(token)).toEqual({
      kind: 'github-token',
      description: 'GitHub fine-grained personal access token',
      details: { githubType: 'fine-grained PAT' },
    });
  });

  it('notes a classic token one character short', () => {
    expect(notes(`ghp_${fake(35)}`)).toEqual(['36 characters expected after ghp_, found 35: truncated?']);
  });

  it('notes a token with extra characters', () => {
    expect(notes(`ghs_${fake(40)}`)).toEqual([
      '36 characters expected after ghs_, found 40: extra characters?',
    ]);
  });

  it('notes a truncated fine-grained PAT', () => {
    expect(notes(`github_pat_${fake(22)}_${fake(40)}`)).toEqual([
      '82 characters expected after github_pat_, found 63: truncated?',
    ]);
  });

  it('notes characters outside base62 after the prefix', () => {
    expect(notes(`gho_${fake(30)}-${fake(5)}`)).toEqual(['characters outside A-Z a-z 0-9 after gho_']);
  });

  it('does not take a bare prefix for a token', () => {
    expect(identify('ghp_').kind).toBe('opaque');
  });
});

describe('identifyToken: Slack tokens', () => {
  it.each([
    ['xoxb-', 'bot', 'Slack bot token'],
    ['xoxp-', 'user', 'Slack user token'],
    ['xapp-', 'app-level', 'Slack app-level token'],
    ['xoxe.xoxb-', 'bot', 'Slack bot token, rotating'],
    ['xoxe.xoxp-', 'user', 'Slack user token, rotating'],
    ['xoxe-', 'refresh', 'Slack refresh token'],
  ])('recognises %s as slackType %s', (prefix, slackType, description) => {
    const result = identify(`${prefix}1-${fake(12, '0123456789')}-${fake(24)}`);
    expect(result).toMatchObject({ kind: 'slack-token', details: { slackType } });
    expect(result.description.startsWith(description)).toBe(true);
  });

  it('says a rotating token expires and is renewed with its refresh token', () => {
    expect(identify(`xoxe.xoxb-1-${fake(40)}`).description).toMatch(/expires.*xoxe- refresh token/);
  });
});

describe('identifyToken: Stripe keys', () => {
  it.each([
    ['sk_live_', 'secret', 'live'],
    ['sk_test_', 'secret', 'test'],
    ['rk_live_', 'restricted', 'live'],
    ['rk_test_', 'restricted', 'test'],
    ['pk_live_', 'publishable', 'live'],
    ['pk_test_', 'publishable', 'test'],
  ])('recognises %s as a %s key in %s mode', (prefix, stripeType, stripeMode) => {
    expect(identify(`${prefix}${fake(24)}`)).toEqual({
      kind: 'stripe-key',
      description: `Stripe ${stripeType} key (${stripeMode} mode)`,
      details: { stripeType, stripeMode },
    });
  });

  it('notes the space inside a Stripe key (Stripe: "key contains a space")', () => {
    const result = identify(`sk_test_${fake(10)} ${fake(14)}`);
    expect(result.kind).toBe('stripe-key');
    expect(result.details.shapeNotes).toEqual(['contains white space (inside)']);
  });
});

describe('identifyToken: Google', () => {
  it('recognises a ya29. OAuth access token', () => {
    expect(identify(`ya29.${fake(120, `${BASE62}_-`)}`)).toEqual({
      kind: 'google-oauth-token',
      description: 'Google OAuth 2.0 access token',
      details: {},
    });
  });

  it('recognises AIza + 35 characters as an API key', () => {
    expect(identify(`AIza${fake(35, `${BASE62}_-`)}`)).toEqual({
      kind: 'google-api-key',
      description: 'Google API key',
      details: {},
    });
  });

  it('notes an API key of the wrong length', () => {
    expect(notes(`AIza${fake(30)}`)).toEqual(['35 characters expected after AIza, found 30']);
  });
});

describe('identifyToken: AWS access key ids', () => {
  it.each([
    ['AKIA', 'long-term', 'AWS long-term access key id (AKIA…)'],
    ['ASIA', 'temporary', 'AWS temporary access key id (ASIA…; needs its session token)'],
    [
      'ABIA',
      'bearer',
      'AWS bearer-token access key id (ABIA…; CodeArtifact and other STS bearer-token services)',
    ],
    ['ACCA', 'context-specific', 'AWS context-specific access key id (ACCA…)'],
    ['A3TX', 'unknown', 'AWS unknown-type access key id (A3TX…)'],
  ])('recognises %s… as a %s key', (prefix, awsKeyType, description) => {
    const id = `${prefix}${fake(16, BASE32)}`;
    expect(identify(id)).toEqual({
      kind: 'aws-access-key-id',
      description,
      details: { awsAccessKeyId: id, awsKeyType },
    });
  });

  it('rejects characters outside base32 and wrong lengths', () => {
    expect(identify(`AKIA${fake(15, BASE32)}0`).kind).toBe('opaque');
    expect(identify(`AKIA${fake(15, BASE32)}`).kind).toBe('opaque');
    expect(identify(`akia${fake(16, BASE32)}`).kind).toBe('opaque');
  });
});

describe('identifyToken: Azure SAS', () => {
  const sig = encodeURIComponent(Buffer.from(fake(32)).toString('base64'));

  it('reads the validity window and resource of a Storage SAS', () => {
    const sas = `sv=2022-11-02&sr=b&sp=r&st=2025-05-01T00:00:00Z&se=2025-05-02T08:30:00Z&spr=https&sig=${sig}`;
    expect(identify(sas)).toEqual({
      kind: 'azure-sas',
      description: 'Azure shared access signature (SAS), permissions r, expires 2025-05-02T08:30:00.000Z',
      details: {
        sasStart: Date.UTC(2025, 4, 1),
        sasExpiry: Date.UTC(2025, 4, 2, 8, 30),
        sasResource: 'b',
      },
    });
  });

  it('reads percent-encoded times, date-only times and a leading "?"', () => {
    const result = identify(`?sv=2022-11-02&st=2025-05-01&se=2025-05-02T08%3A30Z&sig=${sig}`);
    expect(result.details).toMatchObject({
      sasStart: Date.UTC(2025, 4, 1),
      sasExpiry: Date.UTC(2025, 4, 2, 8, 30),
    });
  });

  it('treats a SAS time without "Z" as UTC, as Azure does', () => {
    expect(identify(`sv=1&se=2025-05-02T08:30:00&sig=${sig}`).details.sasExpiry).toBe(
      Date.UTC(2025, 4, 2, 8, 30),
    );
  });

  it('reads a Service Bus SharedAccessSignature with se in Unix seconds', () => {
    const resource = encodeURIComponent('sb://demo.servicebus.windows.net/queue');
    const value = `SharedAccessSignature sr=${resource}&sig=${sig}&se=1748736000&skn=RootManageSharedAccessKey`;
    expect(identify(value)).toEqual({
      kind: 'azure-sas',
      description:
        'Azure SharedAccessSignature, key RootManageSharedAccessKey, expires 2025-06-01T00:00:00.000Z',
      details: { sasExpiry: 1_748_736_000_000, sasResource: 'sb://demo.servicebus.windows.net/queue' },
    });
  });

  it('notes a raw "+" in sig, which the server reads as a space', () => {
    expect(notes(`sv=1&se=2025-05-02&sig=abc+def`)).toContain(
      'sig contains a raw "+" that servers read as a space: encode it as %2B',
    );
  });

  it('notes what a SAS lacks when read as one', () => {
    expect(readAzureSas('SharedAccessSignature sr=x&se=bogus').details.shapeNotes).toEqual([
      'no sig parameter',
      'no skn (key name) parameter',
      'se is not a date: "bogus"',
    ]);
  });

  it('does not take any query with a sig for a SAS', () => {
    expect(identify('page=2&sig=abc').kind).toBe('opaque');
  });
});
