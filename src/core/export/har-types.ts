import type { ExchangeSource, ExperimentKind, ExperimentVerdict } from '../exchange.ts';

/**
 * The subset of HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/) that Auth Inspector
 * writes. Optional spec fields we never fill (serverIPAddress, connection, postData, the optional
 * timings) are left out rather than typed, so the type says exactly what an export contains.
 */
export interface Har {
  log: HarLog;
}

export interface HarLog {
  version: '1.2';
  creator: HarCreator;
  pages: HarPage[];
  entries: HarEntry[];
}

export interface HarCreator {
  name: string;
  version: string;
}

export interface HarPage {
  startedDateTime: string;
  id: string;
  title: string;
  /** Both members are optional in the spec; the panel does not see page load events. */
  pageTimings: { onContentLoad?: number; onLoad?: number };
}

export interface HarNameValue {
  name: string;
  value: string;
}

export interface HarEntry {
  pageref?: string;
  startedDateTime: string;
  time: number;
  request: HarRequest;
  response: HarResponse;
  cache: Record<string, never>;
  timings: HarTimings;
  /** HAR 1.2 §entries.comment: what a HAR viewer shows of an experiment (see the field below). */
  comment?: string;
  /** Custom field: the spec requires custom names to start with an underscore. */
  _authInspector: HarAuthInspector;
  /** Set on a request Auth Inspector sent itself to test a cause (issue 16): not the app's traffic. */
  _authInspectorExperiment?: HarExperiment;
}

export interface HarAuthInspector {
  /** The exchange's id in the tab's history, which an experiment's `forExchangeId` names. */
  id: string;
  sources: ExchangeSource[];
  failed: boolean;
  /** The browser's network error, for entries with status 0 (no response). */
  error?: string;
}

export interface HarExperiment {
  kind: ExperimentKind;
  causeId: string;
  /** The `_authInspector.id` of the failure it tested. */
  forExchangeId: string;
  verdict: ExperimentVerdict;
  /** The verdict in words, redacted. */
  reason: string;
  /** The one change from the failed request, credentials masked, redacted again. */
  change: string;
  sentBy: 'Auth Inspector';
}

export interface HarRequest {
  method: string;
  url: string;
  httpVersion: string;
  cookies: HarNameValue[];
  headers: HarNameValue[];
  queryString: HarNameValue[];
  headersSize: number;
  bodySize: number;
}

export interface HarResponse {
  status: number;
  statusText: string;
  httpVersion: string;
  cookies: HarNameValue[];
  headers: HarNameValue[];
  content: HarContent;
  redirectURL: string;
  headersSize: number;
  bodySize: number;
}

export interface HarContent {
  size: number;
  mimeType: string;
  text?: string;
  comment?: string;
}

export interface HarTimings {
  send: number;
  wait: number;
  receive: number;
}
