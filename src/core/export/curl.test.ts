import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { makeExchange } from '../../../test/make-exchange.ts';
import { mintJwt } from '../../../test/mint-jwt.ts';
import { redactJwt } from '../redact/redact-credential.ts';
import { fake } from '../redact/redact-test-helpers.ts';
import { buildCurl } from './curl.ts';
import { experimentScenario } from './experiment-test-helpers.ts';
import { credentialFixtures, expectNoSecret } from './export-test-helpers.ts';
import { shellQuote } from './shell-quote.ts';

const hasBash = spawnSync('bash', ['--version']).status === 0;

/** The argv bash would hand to curl: the command run with `curl` defined as a function printing it. */
function bashArgs(command: string): string[] {
  const script = `curl() { printf '%s\\0' "$@"; }\n${command}`;
  // --norc: Debian's bash reads ~/.bashrc even non-interactively when stdin looks like a network socket.
  const out = execFileSync('bash', ['--norc', '--noprofile', '-c', script], {
    encoding: 'utf8',
    env: { LC_ALL: 'C.UTF-8' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return out.split('\0').slice(0, -1);
}

describe('buildCurl', () => {
  it('writes the URL, method and recorded headers, one per line, with placeholders for credentials', () => {
    const jwt = mintJwt({ sub: 'u1' });
    const exchange = makeExchange({
      method: 'POST',
      url: 'https://api.example.com/v1/items',
      status: 401,
      request: { authorization: `Bearer ${jwt}`, 'content-type': 'application/json' },
    });
    expect(buildCurl(exchange)).toBe(
      [
        "curl 'https://api.example.com/v1/items' \\",
        '  -X POST \\',
        `  -H 'authorization: Bearer <${redactJwt(jwt)}>' \\`,
        "  -H 'content-type: application/json'",
        '# request body not recorded',
        '# credentials redacted: put real values in place of the <…> and […] before running',
      ].join('\n'),
    );
  });

  it('leaves no credential in the command, and keeps a readable placeholder for each', () => {
    const { exchanges, secrets, kept } = credentialFixtures();
    const commands = exchanges.map(buildCurl);
    expectNoSecret(commands.join('\n'), secrets);
    const text = commands.join('\n');
    expect(text).toContain(`-H 'authorization: Bearer <${kept.jwtHeaderAndPayload}.[signature removed]>'`);
    expect(text).toContain(`-H 'authorization: Basic <${kept.basicUser}>'`);
    expect(text).toContain(`AWS4-HMAC-SHA256 <Credential=${kept.awsScope}, SignedHeaders=`);
    expect(text).toMatch(/-H 'x-amz-security-token: <AWS session token …\S{4}, \d+ chars>'/);
    expect(text).toContain("-H 'cookie: <session=[removed]; csrftoken=[removed]; theme=>'");
    expect(text).toMatch(/-H 'x-api-key: <Stripe test secret key …\w{4}, 32 chars>'/);
    expect(text).toContain("curl 'https://api.example.com/v1/me?access_token=[removed]&fields=name,email");
  });

  it('never sends a body, says so, and notes redaction only when something was redacted', () => {
    const plain = buildCurl(
      makeExchange({ method: 'DELETE', status: 401, request: { origin: 'https://a.b' } }),
    );
    expect(plain.split('\n').at(-1)).toBe('# request body not recorded');
    expect(plain).not.toMatch(/ (?:-d|--data\S*|-F|--form) /);
    expect(plain).toContain('-X DELETE');
    expect(plain).not.toContain('# credentials redacted');
  });

  it('uses --head for HEAD, quotes an unusual method, and adds --globoff for brackets in the URL', () => {
    expect(buildCurl(makeExchange({ method: 'HEAD', status: 401 }))).toContain('\\\n  --head');
    expect(buildCurl(makeExchange({ method: "X'Y", status: 401 }))).toContain("-X 'X'\\''Y'");
    const token = fake.opaque();
    const command = buildCurl(makeExchange({ url: `https://e.example/?token=${token}`, status: 401 }));
    expect(command).toContain("curl 'https://e.example/?token=[removed]' \\\n  --globoff");
    expect(buildCurl(makeExchange({ status: 401 }))).not.toContain('--globoff');
  });

  it('skips pseudo-headers and headers curl computes, and redacts URLs in Referer', () => {
    const code = fake.opaque(24);
    const command = buildCurl(
      makeExchange({
        status: 401,
        request: {
          ':authority': 'api.example.com',
          'content-length': '0',
          referer: `https://app.example.com/cb?code=${code}`,
        },
      }),
    );
    expect(command).not.toMatch(/authority|content-length/);
    expect(command).toContain("-H 'referer: https://app.example.com/cb?code=[removed]'");
    expectNoSecret(command, [code]);
  });
});

describe('shellQuote and bash', () => {
  it("escapes ' as '\\'' and keeps $, backticks, backslashes and ! literal", () => {
    const value = `it's "$HOME" \`id\` \\n !! 'x'`;
    expect(shellQuote("it's")).toBe("'it'\\''s'");
    const command = buildCurl(makeExchange({ status: 401, request: { 'x-note': value } }));
    expect(command).toContain(`-H 'x-note: it'\\''s "$HOME" \`id\` \\n !! '\\''x'\\'''`);
    if (hasBash) expect(bashArgs(`printf '%s\\0' ${shellQuote(value)}`)).toEqual([value]);
  });

  it('uses ANSI-C quoting for control characters, so a hostile value cannot rewrite the terminal', () => {
    const hostile = "a\r\nb\u001b[2Jc\td'e\\f\u0085g\u0000h";
    const quoted = shellQuote(hostile);
    expect(quoted).toBe("$'a\\r\\nb\\x1b[2Jc\\td\\'e\\\\f\\u0085gh'");
    if (hasBash) expect(bashArgs(`printf '%s\\0' ${quoted}`)).toEqual([hostile.replace('\u0000', '')]);
  });

  it.skipIf(!hasBash)('parses in bash to the same URL and headers, for every fixture', () => {
    for (const exchange of credentialFixtures().exchanges) {
      const args = bashArgs(buildCurl(exchange));
      const headers = args.filter((_, index) => args[index - 1] === '-H');
      expect(args[0]).toMatch(/^https:\/\//);
      expect(headers.map((header) => header.slice(0, header.indexOf(':')))).toEqual(
        exchange.requestHeaders.map((header) => header.name),
      );
      expect(args).toContain(exchange.method);
    }
  });
});

describe('buildCurl: experiments (requests Auth Inspector sent itself)', () => {
  const scenario = experimentScenario();
  const { confirmed, inconclusive, ruledOut } = scenario.experiments;

  it('opens with a comment saying Auth Inspector sent it, and its verdict', () => {
    expect(buildCurl(confirmed).split('\n')[0]).toBe(
      '# Experiment (fresher-token): Confirmed — sent by Auth Inspector, not the app',
    );
    expect(buildCurl(inconclusive).split('\n')[0]).toBe(
      '# Experiment (same-again): Inconclusive — sent by Auth Inspector, not the app',
    );
    expect(buildCurl(ruledOut).split('\n')[0]).toBe(
      '# Experiment (redirect-target): Ruled out — sent by Auth Inspector, not the app',
    );
    expect(buildCurl(scenario.expiredFailure).startsWith('curl ')).toBe(true);
  });

  it('still redacts the credential the experiment sent, with a placeholder', () => {
    const commands = [confirmed, inconclusive, ruledOut].map(buildCurl);
    expect(commands[0]).toContain("-H 'authorization: Bearer <eyJ");
    expect(commands[2]).toMatch(/-H 'authorization: Bearer <secret …\S{4}, 40 chars>'/);
    expectNoSecret(commands.join('\n'), scenario.secrets);
  });

  it('writes only fixed words in the comment, whatever a tampered record holds', () => {
    const record = confirmed.experiment;
    if (!record) throw new Error('the fixture is an experiment');
    const tampered = {
      ...confirmed,
      experiment: { ...record, kind: 'x\ntouch /tmp/pwned #' as never, verdict: 'y\rwhoami' as never },
    };
    const command = buildCurl(tampered);
    expect(command.split('\n')[0]).toBe(
      '# Experiment (unknown kind): Inconclusive — sent by Auth Inspector, not the app',
    );
    expect(command).not.toMatch(/pwned|whoami/);
  });

  it.skipIf(!hasBash)('parses in bash with the comment line to the same URL and headers', () => {
    for (const exchange of [confirmed, inconclusive, ruledOut]) {
      const args = bashArgs(buildCurl(exchange));
      expect(args[0]).toBe('https://api.example.com/v1/me');
      const headers = args.filter((_, index) => args[index - 1] === '-H');
      expect(headers.map((header) => header.slice(0, header.indexOf(':')))).toEqual(
        exchange.requestHeaders.map((header) => header.name),
      );
    }
  });
});
