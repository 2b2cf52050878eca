// The demo app's API calls, each with a classic authentication bug. Plain browser JavaScript.
(() => {
  const tokens = window.DEMO_TOKENS;
  const sites = window.DEMO_SITES;

  /** A scenario that signs in on another site first: the page leaves, and its next step runs on return. */
  function navigateTo(url) {
    setTimeout(() => location.assign(url), 0);
    return { status: 0, body: `signing in at ${new URL(url).host} first…` };
  }

  function xhr(method, url, headers) {
    return new Promise((resolve, reject) => {
      const request = new XMLHttpRequest();
      request.open(method, url);
      for (const [name, value] of Object.entries(headers)) request.setRequestHeader(name, value);
      request.onload = () => resolve({ status: request.status, body: request.responseText });
      request.onerror = () => reject(new Error('network error'));
      request.send();
    });
  }

  async function viaFetch(url, init) {
    try {
      const response = await fetch(url, init);
      return { status: response.status, body: await response.text() };
    } catch (error) {
      // A CORS failure: the page learns nothing but "TypeError: Failed to fetch".
      return { status: 0, body: String(error) };
    }
  }

  /** A refresh as a real SPA does it, with a real OAuth client library (oauth4webapi). */
  async function refresh(refreshToken) {
    const oauth = await import('/vendor/oauth4webapi.js');
    const as = { issuer: location.origin, token_endpoint: `${location.origin}/oauth/token` };
    const client = { client_id: 'demo-spa' };
    const options = { [oauth.allowInsecureRequests]: true };
    const response = await oauth.refreshTokenGrantRequest(as, client, oauth.None(), refreshToken, options);
    const result = await oauth.processRefreshTokenResponse(as, client, response);
    return result.access_token;
  }

  const scenarios = {
    'expired-jwt': () => viaFetch('/api/profile', { headers: { Authorization: `Bearer ${tokens.expired}` } }),
    'bearer-undefined': () => {
      let token; // never assigned: the classic race with sign-in
      return viaFetch('/api/profile', { headers: { Authorization: `Bearer ${token}` } });
    },
    'missing-token': () => viaFetch('/api/profile'),
    'insufficient-scope': () =>
      viaFetch('/api/admin/users', {
        method: 'DELETE',
        headers: { Authorization: `Bearer ${tokens.valid}` },
      }),
    'xhr-expired': () => xhr('GET', '/api/orders', { Authorization: `Bearer ${tokens.expired}` }),
    'stale-token': () => {
      // The app refreshed its token into storage, but its HTTP client still sends the old one.
      sessionStorage.setItem(
        'demo-auth',
        JSON.stringify({ access_token: tokens.valid, token_type: 'Bearer' }),
      );
      return viaFetch('/api/profile', { headers: { Authorization: `Bearer ${tokens.expired}` } });
    },
    'header-doubled-scheme': () =>
      // The interceptor adds "Bearer " to a value that already has it.
      viaFetch('/api/profile', { headers: { Authorization: `Bearer Bearer ${tokens.valid}` } }),
    'preflight-rejected': () =>
      viaFetch(`${window.DEMO_API}/api/strict/profile`, {
        headers: { Authorization: `Bearer ${tokens.valid}` },
      }),
    'redirect-drops-credential': () =>
      viaFetch('/api/v1/profile', { headers: { Authorization: `Bearer ${tokens.valid}` } }),
    'graphql-unauthenticated': () =>
      viaFetch('/graphql', {
        method: 'POST',
        headers: { Authorization: `Bearer ${tokens.expired}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ query: '{ me { id } }' }),
      }),
    'slack-token-revoked': () =>
      viaFetch('/slack/api/auth.test', {
        method: 'POST',
        headers: { Authorization: `Bearer ${tokens.slack}` },
      }),
    'aws-no-session-token': () =>
      viaFetch('/aws/dynamodb', {
        method: 'POST',
        headers: {
          Authorization: `AWS4-HMAC-SHA256 Credential=${tokens.awsTemporaryKeyId}/20261121/us-east-1/dynamodb/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=${'7c'.repeat(32)}`,
          'X-Amz-Date': '20261121T120000Z',
          'X-Amz-Target': 'DynamoDB_20120810.ListTables',
          'Content-Type': 'application/x-amz-json-1.0',
        },
        body: '{}',
      }),
    'dpop-nonce': () =>
      viaFetch('/api/dpop/profile', {
        headers: { Authorization: `DPoP ${tokens.dpopBound}`, DPoP: tokens.dpopProof },
      }),
    'sign-out-elsewhere': async () => {
      // The token works, the session is ended elsewhere (another tab, an admin), the token is refused.
      const headers = { Authorization: `Bearer ${tokens.valid}` };
      await viaFetch('/api/profile', { headers });
      await viaFetch('/api/session/logout', { method: 'POST', headers });
      return viaFetch('/api/profile', { headers });
    },
    'refresh-rejected': async () => {
      // The access token expired; the app refreshes with oauth4webapi, the refresh is refused, and
      // the app goes on with the old token anyway.
      let access = tokens.expired;
      try {
        access = await refresh(tokens.refreshExpired);
      } catch {
        // The bug: a failed refresh is swallowed instead of sending the user to sign in.
      }
      return viaFetch('/api/orders', { headers: { Authorization: `Bearer ${access}` } });
    },
    'refresh-ignored': async () => {
      // The HTTP client's headers were set once at start-up; the refresh works but never reaches them.
      const client = { headers: { Authorization: `Bearer ${tokens.expired}` } };
      await refresh(tokens.refreshValid);
      return viaFetch('/api/profile', client);
    },
    // Cookie sessions (issue 18).
    'cookie-no-credentials': async () => {
      await viaFetch('/session/login', { method: 'POST' });
      // fetch's default credentials mode is same-origin: the API on another port gets no cookie.
      return viaFetch(`${window.DEMO_API}/session/profile`);
    },
    'cookie-samesite-post': () => {
      // Sign in on the API's own site first (a top-level visit sets its SameSite=Lax cookie), then
      // come back here and POST to it: a cross-site POST, which Lax keeps the cookie from.
      const back = `${location.origin}/?then=cookie-samesite-post`;
      return navigateTo(`${sites.apiOtherSite}/session/login?next=${encodeURIComponent(back)}`);
    },
    'cookie-samesite-post:then': () =>
      viaFetch(`${sites.apiOtherSite}/session/update`, {
        method: 'POST',
        credentials: 'include',
        headers: { 'Content-Type': 'text/plain' },
        body: 'title=Quarterly report',
      }),
    'cookie-secure-http': () => {
      // The app on a plain-http host name (a LAN address, a staging box): the Secure session cookie
      // it sets at sign-in is refused by the browser.
      const back = `${sites.appInsecure}/?then=cookie-secure-http`;
      return navigateTo(`${sites.appInsecure}/session/login?secure=1&next=${encodeURIComponent(back)}`);
    },
    'cookie-secure-http:then': () => viaFetch('/session/secure-profile'),
    'session-cleared': async () => {
      await viaFetch('/session/login', { method: 'POST' });
      await viaFetch('/session/profile');
      // The server restarts with an in-memory session store (or the session idles out).
      await viaFetch('/session/forget', { method: 'POST' });
      return viaFetch('/session/profile');
    },
    'cookie-cors-no-credentials': async () => {
      await viaFetch('/session/login', { method: 'POST' });
      return viaFetch(`${window.DEMO_API}/session/cors-profile`, { credentials: 'include' });
    },
    'valid-token': () => viaFetch('/api/profile', { headers: { Authorization: `Bearer ${tokens.valid}` } }),
  };

  async function run(id) {
    const scenario = scenarios[id];
    if (!scenario) throw new Error(`unknown scenario ${id}`);
    const result = await scenario();
    document.getElementById('output').textContent = `${id}: HTTP ${result.status}\n${result.body}`;
    return result;
  }

  const container = document.getElementById('scenarios');
  for (const id of Object.keys(scenarios).filter((name) => !name.endsWith(':then'))) {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = id;
    button.dataset.scenario = id;
    button.addEventListener('click', () => run(id));
    container.append(button);
  }
  window.authDemo = { run, scenarios: Object.keys(scenarios).filter((name) => !name.endsWith(':then')) };
  // Back from signing in on another site: the scenario's failing call.
  const then = new URLSearchParams(location.search).get('then');
  if (then && scenarios[`${then}:then`]) void run(`${then}:then`);
})();
