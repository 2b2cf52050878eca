import type { DiagnosisView } from '../core/diagnosis-view.ts';
import type { DiagnosedExchange } from '../core/history/group-failures.ts';
import type { SignatureCheck } from '../core/verify/verify-signature.ts';

/**
 * The redacted Markdown report of one failure, for a bug tracker, with what the experiments run on
 * it proved (the worker's view carries their latest results). Loaded on the click that asks for
 * it: the report and its redaction stay out of the bundle that shows the verdict.
 */
export async function buildReport(failure: DiagnosedExchange, now: number): Promise<string> {
  const { buildMarkdownReport } = await import('../core/report/markdown-report.ts');
  return buildMarkdownReport({ exchange: failure.exchange, diagnosis: failure.diagnosis, now });
}

/** Clipboard writes need the page to have focus, which the popup has while the user clicks. */
export function copyText(text: string): Promise<void> {
  return navigator.clipboard.writeText(text);
}

/** The issuer of a signed JWT, when it names one: whom the signature check would contact. */
export function issuerOf(diagnosis: DiagnosisView): string | undefined {
  const jwt = diagnosis.jwt;
  if (jwt?.kind !== 'jws' || !jwt.signaturePresent) return undefined;
  return typeof jwt.payload.iss === 'string' ? jwt.payload.iss : undefined;
}

/**
 * Loaded on the click that asks for it: the verifier and its crypto library stay out of the bundle
 * that shows the verdict.
 */
export async function verifySignature(token: string): Promise<SignatureCheck> {
  const [{ verifyJwtSignature }, { fetchJson }] = await Promise.all([
    import('../core/verify/verify-signature.ts'),
    import('./fetch-json.ts'),
  ]);
  return verifyJwtSignature(token, (url) => fetchJson(url));
}
