import { describe, expect, it } from 'vitest';
import { hostIsIgnored, normalizeHostPattern } from './settings.ts';
import { withField } from './settings-test-helpers.ts';

describe('ignoredHosts', () => {
  it('normalizes hosts and wildcards', () => {
    expect(
      withField('ignoredHosts', ['API.Example.com', '*.Example.org.', 'localhost', '127.0.0.1', '[::1]'])
        .ignoredHosts,
    ).toEqual(['api.example.com', '*.example.org', 'localhost', '127.0.0.1', '[::1]']);
  });

  it('spells international names as URL.hostname does (punycode)', () => {
    expect(normalizeHostPattern('bücher.de')).toBe(new URL('http://bücher.de').hostname);
    expect(normalizeHostPattern('*.Bücher.de')).toBe('*.xn--bcher-kva.de');
  });

  it('accepts 100 hosts and drops repeats', () => {
    const hosts = Array.from({ length: 100 }, (_, i) => `h${i % 50}.example.com`);
    expect(withField('ignoredHosts', hosts).ignoredHosts).toHaveLength(50);
  });

  it.each([
    ['not a list', 'example.com'],
    ['too many', Array.from({ length: 101 }, (_, i) => `h${i}.example.com`)],
    ['a URL', ['https://example.com/path']],
    ['a port', ['example.com:8080']],
    ['credentials', ['user@example.com']],
    ['a bare *', ['*']],
    ['a wildcard in the middle', ['api.*.example.com']],
    ['a wildcard without a dot', ['*example.com']],
    ['a wildcard IPv6', ['*.[::1]']],
    ['spaces', ['exa mple.com']],
    ['an empty label', ['example..com']],
    ['a leading hyphen', ['-example.com']],
    ['a label over 63 characters', [`${'a'.repeat(64)}.com`]],
    ['a name over 253 characters', [`${'a.'.repeat(127)}com`]],
    ['markup', ['<script>.com']],
    ['a path hidden in a non-ASCII name', ['bücher.de/evil']],
    ['an empty string', ['']],
    ['a number', [1]],
  ])('falls back to the default for %s', (_, value) => {
    expect(withField('ignoredHosts', value).ignoredHosts).toEqual([]);
  });
});

describe('hostIsIgnored', () => {
  const patterns = ['api.example.com', '*.internal.test', '[::1]'];

  it.each([
    ['api.example.com', true],
    ['API.Example.COM', true],
    ['api.example.com.', true],
    ['example.com', false],
    ['v2.api.example.com', false],
    ['api.example.com.evil.test', false],
    ['internal.test', true],
    ['a.internal.test', true],
    ['a.b.internal.test', true],
    ['notinternal.test', false],
    ['internal.test.evil.com', false],
    ['[::1]', true],
    ['', false],
  ])('%s → %s', (host, ignored) => {
    expect(hostIsIgnored(host, patterns)).toBe(ignored);
  });

  it('ignores nothing with no patterns', () => {
    expect(hostIsIgnored('example.com', [])).toBe(false);
  });

  it('matches international hosts as the browser reports them', () => {
    const { ignoredHosts } = withField('ignoredHosts', ['*.bücher.de']);
    expect(hostIsIgnored(new URL('https://shop.bücher.de/').hostname, ignoredHosts)).toBe(true);
  });
});
