import browser from 'webextension-polyfill';
import type { ExperimentRequest } from '../core/experiments/plan-experiment.ts';
import { type ExperimentResponse, parseExperimentResponse, type SendExperiment } from '../shared/messages.ts';

/**
 * Asks the tab's top-frame content script to send an experiment's request from the page. Rejects
 * when no content script answers (a closed tab, a restricted page) or its reply is malformed: the
 * experiment is then not sent from anywhere else, the extension's own origin included.
 */
export async function sendExperimentFromPage(
  tabId: number,
  request: ExperimentRequest,
): Promise<ExperimentResponse> {
  const message: SendExperiment = { type: 'send-experiment', request };
  const reply = parseExperimentResponse(await browser.tabs.sendMessage(tabId, message, { frameId: 0 }));
  if (!reply) throw new Error('The page answered with something that is not a response.');
  return reply;
}
