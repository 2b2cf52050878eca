import { useState } from 'preact/hooks';

/** Copy a redacted report, clear the tab: the actions on the verdict, with a visible result. */
export function ReportActions({
  report,
  copy,
  onClear,
}: {
  /** Built on demand (its code is loaded then), so it may take a moment. */
  report: () => Promise<string>;
  copy: (text: string) => Promise<void>;
  onClear: () => void;
}) {
  const [status, setStatus] = useState('');
  const copyReport = () => {
    report()
      .then(copy)
      .then(
        () => setStatus('Report copied (credentials redacted)'),
        () => setStatus('Could not copy the report'),
      );
  };
  return (
    <div class="report-actions">
      <button type="button" class="action-button" onClick={copyReport}>
        Copy report
      </button>
      <button type="button" class="link-button" onClick={onClear}>
        Clear history
      </button>
      <span class="copy-status" role="status" data-testid="report-status">
        {status}
      </span>
    </div>
  );
}
