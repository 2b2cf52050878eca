import { formatDuration, formatInstant, formatRelative } from '../core/time/format-relative.ts';
import { isSignificantSkew, type ServerClock } from '../core/time/server-clock.ts';
import type { TokenTimes } from '../core/time/token-times.ts';

interface Marker {
  label: string;
  at: number;
  kind: 'token' | 'now' | 'server';
}

/**
 * iat → nbf → exp on one line, with "now" by this machine's clock and by the server's, so an
 * expiry or a skew problem is seen at a glance. The same facts are listed as text for screen readers.
 */
export function TimeStrip({
  times,
  serverClock,
  now,
}: {
  times: TokenTimes | undefined;
  serverClock: ServerClock | undefined;
  now: number;
}) {
  if (
    !times ||
    (times.issuedAt === undefined && times.expiresAt === undefined && times.notBefore === undefined)
  ) {
    return null;
  }
  const markers: Marker[] = [];
  if (times.issuedAt !== undefined) markers.push({ label: 'iat', at: times.issuedAt, kind: 'token' });
  if (times.notBefore !== undefined && times.notBefore !== times.issuedAt) {
    markers.push({ label: 'nbf', at: times.notBefore, kind: 'token' });
  }
  if (times.expiresAt !== undefined) markers.push({ label: 'exp', at: times.expiresAt, kind: 'token' });
  markers.push({ label: 'now (yours)', at: now, kind: 'now' });
  const serverNow = serverClock ? now + serverClock.skewMs : undefined;
  if (serverNow !== undefined && Math.abs(serverNow - now) >= 2000) {
    markers.push({ label: 'now (server)', at: serverNow, kind: 'server' });
  }
  const start = Math.min(...markers.map((marker) => marker.at));
  const end = Math.max(...markers.map((marker) => marker.at));
  const span = Math.max(end - start, 1);
  const position = (at: number) => `${(((at - start) / span) * 100).toFixed(2)}%`;
  const valid = {
    from: times.notBefore ?? times.issuedAt ?? start,
    to: times.expiresAt ?? end,
  };
  // The Date header has one-second precision and the response spent time in flight: under 2 s is agreement.
  const skew =
    serverClock && isSignificantSkew(serverClock.skewMs, 0)
      ? formatDuration(Math.abs(serverClock.skewMs))
      : undefined;
  return (
    <section class="card time-strip" aria-label="Token lifetime" data-testid="time-strip">
      <h3>Lifetime</h3>
      <div class="strip" aria-hidden="true">
        <div
          class={`strip-valid${times.expired ? ' strip-expired' : ''}`}
          style={{
            left: position(valid.from),
            width: `calc(${position(valid.to)} - ${position(valid.from)})`,
          }}
        />
        {markers.map((marker) => (
          <span
            key={marker.label}
            class={`strip-marker strip-${marker.kind}`}
            style={{ left: position(marker.at) }}
          >
            <span class="strip-label">{marker.label}</span>
          </span>
        ))}
      </div>
      <ul class="strip-facts">
        {markers.map((marker) => (
          <li key={marker.label}>
            <strong>{marker.label}</strong> {formatInstant(marker.at)}
            {marker.kind === 'token' ? ` (${formatRelative(marker.at, now)})` : ''}
          </li>
        ))}
        <li data-testid="clock-skew">
          {serverClock
            ? skew
              ? `The server's clock is ${skew} ${serverClock.skewMs > 0 ? 'ahead of' : 'behind'} yours.`
              : "The server's clock agrees with yours."
            : 'The server sent no Date header: its clock is unknown.'}
        </li>
      </ul>
    </section>
  );
}
