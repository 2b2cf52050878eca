/** The panel's toolbar filter: DevTools-style query tokens plus a failures-only switch. */
export function FilterBar({
  query,
  failuresOnly,
  shown,
  total,
  errors,
  onQuery,
  onFailuresOnly,
}: {
  query: string;
  failuresOnly: boolean;
  shown: number;
  total: number;
  errors: readonly string[];
  onQuery: (query: string) => void;
  onFailuresOnly: (value: boolean) => void;
}) {
  return (
    <div class="filter-bar">
      <input
        type="search"
        class="filter-input"
        aria-label="Filter requests"
        aria-describedby="filter-help"
        placeholder="Filter: status:401 host:api.example.com cause:token-expired -method:OPTIONS"
        value={query}
        maxLength={1000}
        onInput={(event) => onQuery((event.currentTarget as HTMLInputElement).value)}
      />
      <label class="filter-toggle">
        <input
          type="checkbox"
          checked={failuresOnly}
          onChange={(event) => onFailuresOnly((event.currentTarget as HTMLInputElement).checked)}
        />
        Failures only
      </label>
      <span class="muted" data-testid="row-count" id="filter-help">
        {shown === total ? `${total} requests` : `${shown} of ${total} requests`}
        {errors.length ? ` · ${errors.join('; ')}` : ''}
      </span>
    </div>
  );
}
