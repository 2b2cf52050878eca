import type { TokenRequest } from './token-request.ts';

/** How a client proved who it is, in words: one wording for the popup, the panel, the causes and the report. */
export const CLIENT_AUTH_WORDS: Record<TokenRequest['clientAuth'], string> = {
  basic: 'client secret in an Authorization: Basic header (client_secret_basic)',
  post: 'client secret in the body (client_secret_post)',
  assertion: 'signed client assertion (private_key_jwt / client_secret_jwt)',
  none: 'none (a public client)',
};
