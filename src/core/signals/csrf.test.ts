import { describe, expect, it } from 'vitest';
import { readCsrfSignals } from './csrf.ts';
import { only, response, triples } from './signal-test-helpers.ts';

const read = (body: object | string, status: number) => readCsrfSignals(response({ status, body }));

// django/django django/views/csrf.py CSRF_FAILURE_TEMPLATE, as rendered with DEBUG = True (abridged styles).
const DJANGO_403 = `<!DOCTYPE html>
<html lang="en">
<head>
  <meta http-equiv="content-type" content="text/html; charset=utf-8">
  <meta name="robots" content="NONE,NOARCHIVE">
  <title>403 Forbidden</title>
</head>
<body>
<div id="summary">
  <h1>Forbidden <span>(403)</span></h1>
  <p>CSRF verification failed. Request aborted.</p>
  <p>You are seeing this message because this site requires a CSRF cookie when submitting forms. This cookie is required for security reasons, to ensure that your browser is not being hijacked by third parties.</p>
</div>
<div id="info">
  <h2>Help</h2>
    <p>Reason given for failure:</p>
    <pre>
    CSRF cookie not set.
    </pre>
</div>
</body>
</html>`;

describe('readCsrfSignals', () => {
  it('reads Laravel\'s JSON 419 "CSRF token mismatch."', () => {
    expect(only(read({ message: 'CSRF token mismatch.' }, 419))).toEqual({
      family: 'laravel',
      kind: 'csrf',
      message: 'CSRF token mismatch.',
      where: 'response-body',
    });
  });

  it('reads Laravel\'s 419 "Page Expired" page, and only on a 419', () => {
    // laravel/framework src/Illuminate/Foundation/Exceptions/views/419.blade.php (minimal layout)
    const page =
      '<!DOCTYPE html>\n<html lang="en">\n<head>\n<title>Page Expired</title>\n</head>\n<body>\n<div class="px-4 text-lg">419</div>\n<div class="ml-4 text-lg uppercase">Page Expired</div>\n</body>\n</html>';
    expect(triples(read(page, 419))).toEqual([{ family: 'laravel', kind: 'csrf' }]);
    expect(read(page, 403)).toEqual([]);
  });

  it("reads Django's 403 page with the reason given", () => {
    expect(only(read(DJANGO_403, 403))).toEqual({
      family: 'django',
      kind: 'csrf',
      message: 'CSRF verification failed. Request aborted. Reason given for failure: CSRF cookie not set.',
      where: 'response-body',
    });
  });

  it('reads Django REST framework\'s "CSRF Failed: ..." detail', () => {
    // encode/django-rest-framework rest_framework/authentication.py SessionAuthentication.enforce_csrf
    expect(only(read({ detail: 'CSRF Failed: CSRF token missing.' }, 403)).message).toBe(
      'CSRF Failed: CSRF token missing.',
    );
  });

  it("reads Rails' InvalidAuthenticityToken page, HTML-escaped apostrophe included", () => {
    const page =
      '<header><h1>ActionController::InvalidAuthenticityToken in HomeController#login</h1></header>\n<div id="container"><h2>Can&#39;t verify CSRF token authenticity.</h2></div>';
    const s = only(read(page, 422));
    expect(triples([s])).toEqual([
      { family: 'rails', kind: 'csrf', code: 'ActionController::InvalidAuthenticityToken' },
    ]);
  });

  it("reads Rails' Origin mismatch", () => {
    const text =
      "HTTP Origin header (https://app.example.com) didn't match request.base_url (http://app.example.com)";
    expect(triples(read(text, 422))).toEqual([{ family: 'rails', kind: 'csrf' }]);
  });

  it("reads Spring Security's CSRF texts", () => {
    const body = {
      timestamp: '2024-05-01T10:00:00.000+00:00',
      status: 403,
      error: 'Forbidden',
      message:
        "Invalid CSRF Token 'null' was found on the request parameter '_csrf' or header 'X-CSRF-TOKEN'.",
      path: '/api/orders',
    };
    expect(triples(read(body, 403))).toEqual([{ family: 'spring', kind: 'csrf' }]);
  });

  it('reads csurf\'s "invalid csrf token" (EBADCSRFTOKEN)', () => {
    expect(triples(read('ForbiddenError: invalid csrf token', 403))).toEqual([
      { family: 'csurf', kind: 'csrf' },
    ]);
    expect(only(read({ code: 'EBADCSRFTOKEN', message: 'invalid csrf token' }, 403)).code).toBe(
      'EBADCSRFTOKEN',
    );
  });

  it('stays silent on a successful page about CSRF', () => {
    expect(read('<p>If you see "CSRF token mismatch." reload the page.</p>', 200)).toEqual([]);
  });
});
