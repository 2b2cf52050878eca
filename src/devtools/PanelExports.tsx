import { useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import type { DiagnosedExchange } from '../core/history/group-failures.ts';

/** The browser downloads the file; nothing leaves the machine. */
function download(name: string, type: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function stamp(): string {
  return new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
}

/**
 * Redacted exports of what the table shows: HAR 1.2, a Markdown report, a cURL command. Each is
 * loaded on the click that asks for it, so redaction and the exporters stay out of the bundle
 * that opens the panel.
 */
export function PanelExports({
  rows,
  selected,
}: {
  rows: readonly DiagnosedExchange[];
  selected: DiagnosedExchange | undefined;
}) {
  const [status, setStatus] = useState('');
  const version = browser.runtime.getManifest().version;
  const failed = () => setStatus('Export failed');
  const exportHar = async () => {
    const { buildHar, serializeHar } = await import('../core/export/har.ts');
    const har = buildHar(
      [...rows].reverse().map((row) => row.exchange),
      { creatorVersion: version },
    );
    download(`auth-inspector-${stamp()}.har`, 'application/json', serializeHar(har));
    setStatus(`Exported ${rows.length} requests (credentials redacted)`);
  };
  const exportReport = async () => {
    const { buildMarkdownReport } = await import('../core/report/markdown-report.ts');
    const now = Date.now();
    // Each failure's report says what its experiments proved; the experiments' own requests go
    // along (marked as Auth Inspector's, not the app's) with what the server answered them.
    const wanted = rows.filter((row) => row.exchange.failed || row.exchange.experiment);
    const chosen = wanted.length ? wanted : rows;
    const text = chosen.map((row) => buildMarkdownReport({ ...row, now })).join('\n\n---\n\n');
    download(`auth-inspector-${stamp()}.md`, 'text/markdown', text);
    setStatus(`Exported a report of ${chosen.length} requests (credentials redacted)`);
  };
  const copyCurl = async () => {
    if (!selected) return;
    const { buildCurl } = await import('../core/export/curl.ts');
    await navigator.clipboard.writeText(buildCurl(selected.exchange)).then(
      () => setStatus('cURL copied (credentials redacted)'),
      () => setStatus('Could not copy'),
    );
  };
  return (
    <div class="panel-exports">
      <button
        type="button"
        class="link-button"
        onClick={() => exportHar().catch(failed)}
        disabled={rows.length === 0}
      >
        Export HAR
      </button>
      <button
        type="button"
        class="link-button"
        onClick={() => exportReport().catch(failed)}
        disabled={rows.length === 0}
      >
        Export report
      </button>
      <button type="button" class="link-button" onClick={() => void copyCurl()} disabled={!selected}>
        Copy as cURL
      </button>
      <span class="copy-status" role="status" data-testid="export-status">
        {status}
      </span>
    </div>
  );
}
