/**
 * A credential as Auth Inspector understands it: where it was sent, what kind of thing it is
 * (recognised by shape: JWT, AWS key, GitHub token...), and the facts its shape reveals.
 */
export type CredentialKind =
  | 'jwt'
  | 'jwe'
  | 'basic'
  | 'aws-sigv4'
  | 'aws-presigned-url'
  | 'aws-session-token'
  | 'aws-access-key-id'
  | 'dpop-proof'
  | 'discord-bot-token'
  | 'github-token'
  | 'slack-token'
  | 'stripe-key'
  | 'google-oauth-token'
  | 'google-api-key'
  | 'azure-sas'
  | 'api-key'
  /** A vendor's prefixed secret from the table in vendor-tokens.ts (OpenAI, GitLab, Shopify...). */
  | 'vendor-token'
  | 'opaque';

export interface CredentialDetails {
  /** Basic: the user name (never the password). */
  basicUser?: string;
  /** AWS: access key id, its type by prefix, and the SigV4 scope. */
  awsAccessKeyId?: string;
  awsKeyType?: 'long-term' | 'temporary' | 'bearer' | 'context-specific' | 'unknown';
  awsDate?: string;
  awsRegion?: string;
  awsService?: string;
  awsSignedHeaders?: string[];
  /** SigV4 request time (X-Amz-Date / presigned X-Amz-Date), ms since the epoch. */
  awsRequestTime?: number;
  /** Presigned URL lifetime (X-Amz-Expires), seconds. */
  awsExpiresSeconds?: number;
  /** Discord bot token: the bot's user id and the token's creation time (ms). */
  discordUserId?: string;
  createdAt?: number;
  /** GitHub: 'classic PAT', 'fine-grained PAT', 'OAuth token', 'user-to-server token', 'installation token', 'refresh token'. */
  githubType?: string;
  /** Slack: 'bot', 'user', 'app-level', 'refresh', 'configuration'. */
  slackType?: string;
  /** Stripe: mode and type by prefix. */
  stripeMode?: 'live' | 'test';
  stripeType?: 'secret' | 'publishable' | 'restricted';
  /** vendor-token: its id in VENDOR_TOKENS ('openai-key'), for the form its service expects. */
  vendorTokenId?: string;
  /** Azure SAS / SharedAccessSignature: validity window (ms) and signed resource. */
  sasStart?: number;
  sasExpiry?: number;
  sasResource?: string;
  /** Things about the value's shape worth telling: 'contains white space', 'wrapped in quotes'. */
  shapeNotes?: string[];
}

export interface IdentifiedToken {
  kind: CredentialKind;
  /** Plain words for the popup: "GitHub fine-grained personal access token", "AWS temporary access key (ASIA…)". */
  description: string;
  details: CredentialDetails;
}

export interface SentCredential extends IdentifiedToken {
  /** Where it travelled: a request header, or a URL query parameter. */
  location: { in: 'header'; name: string } | { in: 'query'; name: string };
  /** Authorization scheme as sent ('' for none or for non-Authorization locations). */
  scheme: string;
  /** The secret part itself (kept in memory only, for reveal and fingerprint). */
  value: string;
}
