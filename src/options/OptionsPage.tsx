import { useEffect, useRef, useState } from 'preact/hooks';
import {
  DEFAULT_SETTINGS,
  SETTINGS_LIMITS,
  type SettingName,
  type Settings,
  SettingsError,
  type SettingsErrors,
} from '../shared/settings.ts';
import { CheckboxField, NumberField, TextField } from './FormFields.tsx';
import {
  draftFieldError,
  draftFromSettings,
  draftsEqual,
  type SettingsDraft,
  settingsFromDraft,
} from './settings-form.ts';

const ICON = '/icons/icon-32.png';
const { skewToleranceSeconds: SKEW, historyPerTab: HISTORY } = SETTINGS_LIMITS;

type Notice = { kind: 'saved' | 'error' | 'info'; text: string };

interface OptionsPageProps {
  load: () => Promise<Settings>;
  save: (settings: Settings) => Promise<Settings>;
  /** Settings changed elsewhere (another window, another device); adopted unless the form has edits. */
  subscribe?: (callback: (settings: Settings) => void) => () => void;
}

/** The settings form. The browser is reached only through the callbacks main.tsx passes in. */
export function OptionsPage({ load, save, subscribe }: OptionsPageProps) {
  const [saved, setSaved] = useState<SettingsDraft | undefined>();
  const [draft, setDraft] = useState<SettingsDraft>(() => draftFromSettings(DEFAULT_SETTINGS));
  const [errors, setErrors] = useState<SettingsErrors>({});
  const [notice, setNotice] = useState<Notice | undefined>();
  const [saving, setSaving] = useState(false);
  const [focusRequest, setFocusRequest] = useState(0);
  const form = useRef<HTMLFormElement>(null);
  const dirty = saved !== undefined && !draftsEqual(draft, saved);
  const current = useRef({ dirty });
  current.current = { dirty };

  const adopt = (settings: Settings) => {
    const fresh = draftFromSettings(settings);
    setSaved(fresh);
    setDraft(fresh);
    setErrors({});
  };

  useEffect(() => {
    load().then(adopt, (error: unknown) => {
      adopt(DEFAULT_SETTINGS);
      setNotice({
        kind: 'error',
        text: `Could not read the saved settings (${message(error)}); showing the defaults.`,
      });
    });
    return subscribe?.((settings) => {
      if (!current.current.dirty) adopt(settings);
    });
  }, [load, subscribe]);

  useEffect(() => {
    if (focusRequest > 0) form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [focusRequest]);

  const update = <K extends SettingName>(name: K, value: SettingsDraft[K]) => {
    const next = { ...draft, [name]: value };
    setDraft(next);
    // A field that was marked wrong is re-checked as the user fixes it; others wait for Save.
    if (errors[name]) setErrors({ ...errors, [name]: draftFieldError(next, name) });
    if (notice?.kind === 'saved') setNotice(undefined);
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    if (saving) return;
    const result = settingsFromDraft(draft);
    if (!result.ok) return reject(result.errors);
    setSaving(true);
    // A different text first, so a second "Saved" in a row is announced again.
    setNotice({ kind: 'info', text: 'Saving…' });
    try {
      adopt(await save(result.settings));
      setNotice({ kind: 'saved', text: 'Saved' });
    } catch (error) {
      if (error instanceof SettingsError) reject(error.errors);
      else setNotice({ kind: 'error', text: `Could not save: ${message(error)}` });
    } finally {
      setSaving(false);
    }
  };

  const reject = (found: SettingsErrors) => {
    setErrors(found);
    const count = Object.keys(found).length;
    setNotice({
      kind: 'error',
      text: `Not saved: ${count === 1 ? 'one field needs' : `${count} fields need`} fixing.`,
    });
    setFocusRequest((n) => n + 1);
  };

  const reset = () => {
    const defaults = draftFromSettings(DEFAULT_SETTINGS);
    setDraft(defaults);
    setErrors({});
    setNotice({
      kind: 'info',
      text:
        saved && draftsEqual(defaults, saved)
          ? 'Defaults restored. They are what is saved already.'
          : 'Defaults restored in the form. Save to keep them.',
    });
  };

  const status = notice?.text ?? (dirty ? 'Unsaved changes' : '');
  const statusKind = notice?.kind ?? (dirty ? 'info' : 'none');

  return (
    <main class="options">
      <header class="options-header">
        <img src={ICON} alt="" width={32} height={32} />
        <div>
          <h1>Auth Inspector settings</h1>
          <p class="muted">They apply to every tab and take effect when you save.</p>
        </div>
      </header>
      {saved === undefined ? (
        <p class="muted">Loading settings…</p>
      ) : (
        <form ref={form} noValidate onSubmit={submit} data-testid="options-form">
          <fieldset class="group">
            <legend>What to watch</legend>
            <TextField
              id="watchedStatuses"
              label="Status codes that mean “authentication failed”"
              description={
                <>
                  Responses with these status codes are recorded and explained. Separate them with commas or
                  spaces, such as <code>401, 403</code>. Error bodies that say a token was refused, such as
                  Slack's <code>invalid_auth</code> sent with status 200, count whatever their status.
                </>
              }
              error={errors.watchedStatuses}
              value={draft.watchedStatuses}
              onInput={(value) => update('watchedStatuses', value)}
            />
            <TextField
              multiline
              id="extraCredentialHeaders"
              label="More headers that carry a credential"
              description={
                <>
                  Authorization, DPoP, X-Api-Key, X-Amz-Security-Token and headers named like{' '}
                  <code>X-…-Token</code> or <code>X-…-Api-Key</code> are recognised already. Add your own, one
                  header name per line (up to {SETTINGS_LIMITS.extraCredentialHeaders.count}); their values
                  are handled like any token: masked on screen, kept in memory only.
                </>
              }
              placeholder="x-session-key"
              error={errors.extraCredentialHeaders}
              value={draft.extraCredentialHeaders}
              onInput={(value) => update('extraCredentialHeaders', value)}
            />
            <TextField
              multiline
              id="ignoredHosts"
              label="Hosts to ignore"
              description={
                <>
                  Requests to these hosts are never recorded. One per line (up to{' '}
                  {SETTINGS_LIMITS.ignoredHosts.count}): <code>api.example.com</code> for one host,{' '}
                  <code>*.example.com</code> for example.com and all its subdomains.
                </>
              }
              placeholder="*.analytics.example.com"
              error={errors.ignoredHosts}
              value={draft.ignoredHosts}
              onInput={(value) => update('ignoredHosts', value)}
            />
          </fieldset>

          <fieldset class="group">
            <legend>How to diagnose</legend>
            <CheckboxField
              id="readResponseBodies"
              label="Read the bodies of failed responses"
              description={
                <>
                  Error bodies often name the cause (“token expired”, Slack's <code>invalid_auth</code>, AWS
                  error types), so with this on more failures get a specific explanation. The trade-off: a
                  body can only be read inside the page, from a copy of the page's own fetch or XMLHttpRequest
                  response (at most 64 KB, failures only). Turn it off to diagnose from headers alone.
                </>
              }
              error={errors.readResponseBodies}
              checked={draft.readResponseBodies}
              onChange={(value) => update('readResponseBodies', value)}
            />
            <NumberField
              id="skewToleranceSeconds"
              label="Clock skew tolerance"
              unit="seconds"
              min={SKEW.min}
              max={SKEW.max}
              description={`How many seconds a token's times (exp, nbf, iat), your clock and the server's clock may differ before Auth Inspector names clock skew as a cause. ${SKEW.min} to ${SKEW.max} seconds; the default is ${DEFAULT_SETTINGS.skewToleranceSeconds}.`}
              error={errors.skewToleranceSeconds}
              value={draft.skewToleranceSeconds}
              onInput={(value) => update('skewToleranceSeconds', value)}
            />
          </fieldset>

          <fieldset class="group">
            <legend>History</legend>
            <NumberField
              id="historyPerTab"
              label="Requests kept per tab"
              unit="requests"
              min={HISTORY.min}
              max={HISTORY.max}
              description={`How many recent requests (with a credential or an authentication failure) each tab keeps; the oldest are dropped first. ${HISTORY.min} to ${HISTORY.max} requests; the default is ${DEFAULT_SETTINGS.historyPerTab}. History stays in memory and is forgotten when the tab closes.`}
              error={errors.historyPerTab}
              value={draft.historyPerTab}
              onInput={(value) => update('historyPerTab', value)}
            />
          </fieldset>

          <div class="actions">
            <button type="submit" class="button button-primary" aria-disabled={saving} data-testid="save">
              {saving ? 'Saving…' : 'Save'}
            </button>
            <button type="button" class="button" onClick={reset} data-testid="reset">
              Reset to defaults
            </button>
            <p role="status" class={`save-status save-status-${statusKind}`} data-testid="save-status">
              {status}
            </p>
          </div>
        </form>
      )}
      <footer class="options-footer muted">
        Settings are kept in your browser's synced storage, so they follow you to browsers where you are
        signed in. Tokens and request history are never stored there.
      </footer>
    </main>
  );
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
