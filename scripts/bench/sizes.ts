import { BUDGETS, measureBundles } from '../bundle-size.ts';
import { type Figure, figure, kb } from './figures.ts';

/**
 * Figures 5a and 6: gzip sizes from measureBundles() (scripts/bundle-size.ts). Reported against
 * their budgets here; enforcing them is `npm run size`'s job, not `--check`'s.
 */
export function sizeFigures(): Figure[] {
  const sizes = measureBundles();
  return [
    figure({
      number: '5a',
      name: 'Main-world script, gzip',
      value: sizes.mainWorldGzip,
      unit: 'bytes',
      text: kb(sizes.mainWorldGzip),
      budget: {
        op: '<=',
        limit: BUDGETS.mainWorldGzip,
        text: `≤ ${kb(BUDGETS.mainWorldGzip)}`,
        kind: 'size',
      },
      method: 'measureBundles() (scripts/bundle-size.ts): dist/chrome/src/content/main-world.js, gzip -9',
    }),
    figure({
      number: '6',
      name: 'Popup + panel JS on opening, gzip',
      value: sizes.extensionPagesGzip,
      unit: 'bytes',
      text: `${kb(sizes.extensionPagesGzip)} (popup ${kb(sizes.popupGzip)}, panel ${kb(sizes.panelGzip)})`,
      budget: {
        op: '<=',
        limit: BUDGETS.extensionPagesGzip,
        text: `≤ ${kb(BUDGETS.extensionPagesGzip)}`,
        kind: 'size',
      },
      method:
        'measureBundles(): static import graphs of popup and panel HTML, shared chunks counted once, gzip -9; lazy chunks not counted',
      extra: { popupGzip: sizes.popupGzip, panelGzip: sizes.panelGzip, lazyGzip: sizes.lazyGzip },
    }),
  ];
}
