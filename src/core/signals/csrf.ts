/**
 * CSRF rejections: the session cookie was fine but the anti-forgery token was missing or stale.
 * Frameworks answer with an HTML page or a short JSON message, so this reads text, not a DOM.
 */

import { codeIfSaid, firstMatch, mergeSameKind, rule, signal, type TextMatcher } from './generic.ts';
import { isFailure, readBody } from './generic-body.ts';
import type { ServerSignal, SignalInput } from './server-signal.ts';

const MATCHERS: readonly TextMatcher[] = [
  // laravel/framework VerifyCsrfToken -> TokenMismatchException, rendered as 419 (JSON or the
  // "Page Expired" error view).
  rule('laravel', 'csrf', /CSRF token mismatch/i, { code: codeIfSaid('TokenMismatchException') }),
  // django/django views/csrf.py CSRF_FAILURE_TEMPLATE; DRF SessionAuthentication says "CSRF Failed: <reason>".
  rule('django', 'csrf', /CSRF verification failed\. Request aborted\.|^CSRF Failed: /),
  // rails/rails actionpack request_forgery_protection.rb: ActionController::InvalidAuthenticityToken.
  rule(
    'rails',
    'csrf',
    /Can['’]t verify CSRF token authenticity|ActionController::InvalidAuthenticityToken|HTTP Origin header \([^)\n]{0,300}\) didn['’]t match request\.base_url/,
    { code: codeIfSaid('ActionController::InvalidAuthenticityToken') },
  ),
  // spring-projects/spring-security CsrfFilter / InvalidCsrfTokenException, MissingCsrfTokenException.
  rule(
    'spring',
    'csrf',
    /Invalid CSRF Token '[^'\n]{0,300}' was found|Could not verify the provided CSRF token/i,
  ),
  // expressjs/csurf: ForbiddenError "invalid csrf token", code EBADCSRFTOKEN.
  rule('csurf', 'csrf', /^(?:ForbiddenError: )?invalid csrf token$|^EBADCSRFTOKEN$/i, {
    code: codeIfSaid('EBADCSRFTOKEN'),
  }),
];

// Laravel's 419 view says only "Page Expired"; the status is what makes it a CSRF statement.
const LARAVEL_419 = rule('laravel', 'csrf', /^(?:419 \| )?Page Expired$/i);
// Rails' production public/422.html, rendered for InvalidAuthenticityToken: only with status 422.
const RAILS_422 = rule('rails', 'csrf', /^The change you wanted was rejected\.?$/i);

/** Django's debug page puts the reason in a <pre> after "Reason given for failure:" ("CSRF cookie not set."). */
function djangoReason(segments: readonly string[]): string | undefined {
  const at = segments.findIndex((s) => s.startsWith('Reason given for failure:'));
  if (at < 0) return undefined;
  const inline = segments[at]?.slice('Reason given for failure:'.length).trim();
  return inline || segments[at + 1];
}

export function readCsrfSignals(input: SignalInput): ServerSignal[] {
  const body = readBody(input);
  if (!isFailure(input, body)) return [];
  const matchers =
    input.status === 419
      ? [...MATCHERS, LARAVEL_419]
      : input.status === 422
        ? [...MATCHERS, RAILS_422]
        : MATCHERS;
  const out: ServerSignal[] = [];
  for (const segment of body.segments) {
    const m = firstMatch(segment, matchers);
    if (!m) continue;
    const reason = m.family === 'django' ? djangoReason(body.segments) : undefined;
    const message =
      reason && !segment.includes(reason) ? `${segment} Reason given for failure: ${reason}` : segment;
    out.push(signal({ ...m, message, where: 'response-body' }));
  }
  return mergeSameKind(out);
}
