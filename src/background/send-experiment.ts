import browser from 'webextension-polyfill';
import type { ExperimentRequest } from '../core/experiments/plan-experiment.ts';
import {
  type ExperimentResponse,
  parseExperimentRefused,
  parseExperimentResponse,
  type SendExperiment,
} from '../shared/messages.ts';
import { PageChangedError } from './experiment-runner.ts';

/**
 * Asks the tab's top-frame content script to send an experiment's request from the page, if that
 * page is of `origin`. Rejects when no content script answers (a closed tab, a restricted page),
 * when the page is of another origin (PageChangedError), or when its reply is malformed: the
 * experiment is then not sent from anywhere else, the extension's own origin included.
 */
export async function sendExperimentFromPage(
  tabId: number,
  request: ExperimentRequest,
  origin: string,
): Promise<ExperimentResponse> {
  const message: SendExperiment = { type: 'send-experiment', request, origin };
  const answer: unknown = await browser.tabs.sendMessage(tabId, message, { frameId: 0 });
  const refused = parseExperimentRefused(answer);
  if (refused) throw new PageChangedError(refused.refusedOrigin);
  const reply = parseExperimentResponse(answer);
  if (!reply) throw new Error('The page answered with something that is not a response.');
  return reply;
}
