import { render } from 'preact';
import { loadSyncedSettings, onSettingsChanged, saveSyncedSettings } from '../shared/settings-store.ts';
import '../ui/theme.css';
import './options.css';
import { OptionsPage } from './OptionsPage.tsx';

const root = document.getElementById('app');
if (root) {
  render(
    <OptionsPage load={loadSyncedSettings} save={saveSyncedSettings} subscribe={onSettingsChanged} />,
    root,
  );
}
