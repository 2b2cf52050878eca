import { describe, expect, it } from 'vitest';
import { checkSiteAccess, originPatternOf, type SiteAccessApi } from './site-access.ts';

function api(options: { url?: string; noTab?: boolean; granted: string[] }): SiteAccessApi {
  return {
    tabUrl: async () => {
      if (options.noTab) throw new Error('Invalid tab ID');
      return options.url;
    },
    contains: async (origins) => origins.every((origin) => options.granted.includes(origin)),
    manifestOrigins: () => ['<all_urls>'],
  };
}

describe('originPatternOf', () => {
  it('keeps scheme and host, drops port, path and query', () => {
    expect(originPatternOf('http://127.0.0.1:4317/api?x=1')).toBe('http://127.0.0.1/*');
    expect(originPatternOf('https://app.example.com/')).toBe('https://app.example.com/*');
    expect(originPatternOf('about:addons')).toBeUndefined();
    expect(originPatternOf('not a url')).toBeUndefined();
  });
});

describe('checkSiteAccess', () => {
  it('is granted when the site is covered', async () => {
    const access = await checkSiteAccess(1, api({ url: 'https://a.test/x', granted: ['https://a.test/*'] }));
    expect(access).toEqual({ kind: 'granted' });
  });

  it('asks for the one site when the browser tells which', async () => {
    const access = await checkSiteAccess(1, api({ url: 'https://a.test:8443/x', granted: [] }));
    expect(access).toEqual({ kind: 'missing', origins: ['https://a.test/*'], site: 'a.test:8443' });
  });

  it('asks for the manifest origins when the browser hides the URL', async () => {
    const access = await checkSiteAccess(1, api({ granted: [] }));
    expect(access).toEqual({ kind: 'missing', origins: ['<all_urls>'], site: undefined });
    expect(await checkSiteAccess(1, api({ granted: ['<all_urls>'] }))).toEqual({ kind: 'granted' });
  });

  it('has nothing to ask on browser pages or for a tab that does not exist', async () => {
    expect(await checkSiteAccess(1, api({ url: 'about:addons', granted: [] }))).toEqual({
      kind: 'not-applicable',
    });
    expect(await checkSiteAccess(0, api({ noTab: true, granted: [] }))).toEqual({ kind: 'not-applicable' });
  });
});
