/**
 * What a server's words say about a credential, whoever the server is: the families of words people
 * and libraries use for each reason ("expired", "expiry", "TokenExpiredError", "session has timed
 * out"), read from an error code or a sentence. Codes are split into words first
 * (FST_JWT_AUTHORIZATION_TOKEN_EXPIRED, JWTExpired, expired_access_token/) so one vocabulary reads both.
 *
 * Honest by construction: a phrase counts only next to a word about a credential ("your card has
 * expired" is not about a token), a negated phrase ("has not expired") does not count, and words
 * that name no reason ("Unauthorized", "Forbidden") give the generic kinds, never a specific one.
 */
import type { SignalKind } from './server-signal.ts';

export interface PhraseMatch {
  kind: SignalKind;
  /** The words that decided it, as the server wrote them. */
  words: string;
  /** Where in the text they are. */
  at: number;
}

/** Kinds that name a reason; the others (invalid, unauthenticated) only say that something failed. */
export const GENERIC_KINDS: ReadonlySet<SignalKind> = new Set(['invalid', 'unauthenticated']);

/** A word about a credential, so a reason word is about the credential and not a card or an order. */
const CREDENTIAL_CONTEXT =
  /\b(?:tokens?|jwts?|jw[set]|credentials?|apikeys?|(?:api|access|secret|signing|public|private|subscription|client|server|app|master|admin|service|project|personal|bot|auth|write|read|publishable|restricted|account|user|license|integration)[ _-]?keys?|secrets?|bearer|sessions?|o?auth\w*|signatures?|cookies?|log(?:ged)?[ -]?in|sign(?:ed)?[ -]?in|csrf|xsrf|claims?|pat|sas|kid|jwks?)\b/i;
/** Accounts and users: when one is deactivated or deleted, its credentials stop working. */
const ACCOUNT_CONTEXT = /\b(?:users?|accounts?|members?|installations?|apps?|clients?|integrations?)\b/i;

interface Rule {
  kind: SignalKind;
  pattern: RegExp;
  /** The statement must also speak of a credential (CREDENTIAL_CONTEXT), or of an account when 'account'. */
  context?: 'credential' | 'account';
  /** A "not"/"never" right before the phrase turns it around ("has not expired"). */
  negatable?: boolean;
}

/**
 * Tried in order, the most specific reasons first: "Signature has expired" is about expiry, "JWT
 * signature does not match" about the signature, "invalid audience" about the audience, and only
 * then the generic words. Bounded quantifiers only: every text is untrusted.
 */
const RULES: readonly Rule[] = [
  {
    kind: 'csrf',
    pattern:
      /\b(?:csrf|xsrf|_xsrf|anti-?forgery|authenticity[ _]token|crumb|ebadcsrftoken)\b|\b(?:invalid|missing|expired|bad)[ _]nonce\b|\bnonce (?:is )?(?:invalid|missing|expired|check failed|verification failed)|cookie check failed|cross-site (?:post|request)[\w ]{0,40}forbidden/i,
  },
  {
    kind: 'step-up',
    pattern:
      /\b(?:mfa|multi-?factor|two-?factor|2fa|step-?up)\b[\w ]{0,30}\b(?:required|needed|must)|\b(?:requires?|needs?) (?:mfa|multi-?factor|two-?factor|2fa)\b/i,
  },
  {
    kind: 'not-yet-valid',
    pattern:
      /\bnot (?:yet )?valid (?:yet|before)\b|\bnot yet valid\b|\bnot valid yet\b|\bnbf\b|\bnot[ _]before\b|\bused before (?:issued|it is valid|its nbf)|\bprior to \d|\bimmature\b|\bissued (?:at |in the )?future\b|\biat\b[\w ]{0,30}\bfuture\b|\bnot yet active\b|\bnot active yet\b/i,
    context: 'credential',
  },
  {
    kind: 'expired',
    pattern:
      /\bexpired\b|\bexpiry\b[\w ]{0,20}\b(?:passed|reached|exceeded|fail\w*)|\bexpir(?:y|ation) (?:date |time )?(?:has )?passed\b|\bexp\b (?:claim|check|validation)[\w ]{0,30}\b(?:fail\w*|invalid)|\blifetime validation failed\b|\bno longer (?:fresh|current)\b|\btimed? ?out\b|\btoo old\b/i,
    context: 'credential',
    negatable: true,
  },
  {
    kind: 'revoked',
    pattern:
      /\b(?:revoked|deactivated|disabled|suspended|deleted|removed|blacklisted|blocklisted|banned|invalidated|inactive|uninstalled|archived)\b|\bno longer (?:valid|active|exists?|available)\b|\b(?:logged|signed) out\b|\bsession (?:was )?not found\b|\bsession (?:is )?not active\b|\bhas been (?:reset|rotated|rolled)\b/i,
    context: 'account',
    negatable: true,
  },
  {
    kind: 'wrong-audience',
    pattern: /\baudiences?\b|\baud\b/i,
  },
  {
    kind: 'wrong-issuer',
    pattern: /\bissuers?\b|\biss\b(?! ?:)/i,
  },
  {
    kind: 'signature-invalid',
    pattern:
      /\bsignatures? (?:is |was )?(?:invalid|not valid|bad|wrong|mismatch\w*|(?:could not|couldn't|cannot|can't|failed to) (?:be )?(?:verified|validated)|verification (?:failed|raised|error)|failed|does not match|doesn't match|did not match)|\b(?:invalid|bad|wrong) (?:jwt |token |jws )?signatures?\b|\bsignature verification\b|\bverification of (?:the )?signature\b|\bjwsinvalidsignature\b|\bkid\b|\bjwks?\b|\bunknown (?:signing |public )?key\b|\binvalid (?:signing |public |verification |secret )?key\b(?! provided)|\b(?:invalid|unsupported|unexpected|wrong) (?:signing )?alg(?:orithm)?\b|\balgorithm (?:not allowed|mismatch|expected)\b/i,
    context: 'credential',
    negatable: true,
  },
  {
    // Key lookups of JWT verifiers (PostgREST "No suitable key or wrong key type", jose, Spring):
    // about verification keys whatever else the sentence says.
    kind: 'signature-invalid',
    pattern:
      /\bno (?:matching|suitable|valid) (?:signing |verification |public )?keys?\b|\b(?:signing|public|verification) key (?:was )?not found\b|\bwrong key type\b/i,
  },
  {
    kind: 'wrong-scheme',
    pattern:
      /\b(?:wrong|invalid|unexpected|unsupported|incorrect) (?:token|auth(?:entication|orization)?) (?:type|scheme)\b|\btoken type (?:is )?(?:not|invalid|wrong)\b|\b(?:invalid|wrong|unexpected|unsupported|unknown) (?:[\w-]+ ){0,3}(?:prefix|scheme)\b|\bnot an access token\b|\b(?:scheme|prefix) (?:must be|should be|is required)\b/i,
  },
  {
    kind: 'malformed-credential',
    pattern:
      /\bmalformed\b|\b(?:could not|couldn't|unable to|failed to|cannot|can't) (?:be )?(?:parse|decode)d?\b|\b(?:invalid|bad|wrong|unexpected) (?:\w+ ){0,2}format\b|\bformat is authorization\b|\bnot (?:of |in )?the (?:correct|right|expected|required) (?:[\w-]+ ){0,3}format\b|\bexpected '?authorization: bearer\b|\b(?:not enough|too many|invalid number of|wrong number of) segments\b|\bcontain exactly \d+ period|\binvalid (?:base64|json|character|compact|segment encoding|encoding|padding)\b|\bdecod(?:e|ing) (?:error|failed)\b|\b(?:invalid|bad) (?:authorization |auth |token |bearer )?header\b|\bheader (?:is )?(?:malformed|invalid)\b|\bnot a (?:valid )?(?:jwt|jws|json web token)\b/i,
    context: 'credential',
  },
  {
    kind: 'unauthenticated',
    pattern:
      /\bunauthenticated\b|\bnot (?:authenticated|logged[ -]?in|signed[ -]?in)\b|\b(?:login|log in|sign[ -]?in|authentication) (?:is )?required\b|\brequires? (?:authentication|login|a logged-in)\b|\bmust (?:be )?(?:authenticated|logged[ -]?in|signed[ -]?in|log in|sign in)\b|\bplease (?:log|sign) ?in\b|\bauthentication credentials were not provided\b/i,
  },
  {
    // Shapes only a token has: segments, periods, a compact serialisation.
    kind: 'malformed-credential',
    pattern:
      /\b(?:not enough|too many|invalid number of|wrong number of|incomplete) segments\b|\binvalid segment encoding\b|\bcontain exactly \d+ period|\binvalid compact (?:jws|jwe|jwt|serialization)\b/i,
  },
  {
    kind: 'missing-credential',
    pattern:
      /\bmissing\b|\bnot (?:provided|present|supplied|included|given|set|specified|sent)\b|\b(?:is |are )?required\b(?! (?:permissions?|scopes?|roles?|privileges?|rights?))|\bcredentials? (?:were |was )?not found\b|\bno (?:[\w-]+ ){0,4}(?:tokens?|credentials?|api[ _-]?keys?|keys?|authori[sz]ation|cookies?|sessions?|headers?) (?:was |were )?(?:provided|found|given|supplied|present|sent|included)\b|\bempty\b|\bmust (?:provide|include|supply|send|pass)\b|\bplease (?:provide|include|supply)\b|\bnot found in (?:the )?(?:request|header|cookie)/i,
    context: 'credential',
  },
  {
    kind: 'insufficient-scope',
    pattern:
      /\bscopes?\b|\bpermissions?\b|\binsufficient\b|(?:\bnot|n't) (?:allowed|permitted|entitled) to\b|\bnot (?:allowed|permitted) (?:with|for) this\b|\bforbidden resource\b|\b(?:only|just) (?:\w+ ){0,2}(?:superusers?|admins?|administrators?|owners?|members?|staff|editors?) (?:can|may|are allowed)\b|\broles?\b[\w ]{0,30}\bnot (?:in|allowed|permitted|among)\b|\bunauthori[sz]ed (?:field|type|resource|operation|action|to access)\b|(?:\bnot|n't) authori[sz]ed (?:to|for) (?:access|read|write|view|use|perform|modify|delete|create|update|list|see|query|this (?:resource|field|operation|action|object|project))\b|\bnot accessible\b|\baccess (?:is )?forbidden\b|\bdoes(?: not|n't) have (?:the )?(?:access|permission|rights?)\b|\bprivileges?\b|\brestricted\b|\bforbidden (?:to|for|from)\b|\b(?:you |caller |user |token )(?:are |is )?not (?:allowed|permitted)\b/i,
  },
  {
    kind: 'invalid',
    pattern:
      /\b(?:invalid|incorrect|bad|unknown|unrecogni[sz]ed|wrong|unverified|unusable)\b|\bnot (?:valid|recogni[sz]ed|verified)\b|\b(?:could not|couldn't|unable to|failed to|cannot) (?:validate|verify|authenticate)\b|\b(?:verification|validation|authentication) (?:has )?failed\b|\bunauthori[sz]ed\b|\bnot authori[sz]ed\b|\brejected\b|\bdenied\b/i,
    context: 'credential',
  },
];

/** "not", "never", "n't" just before the phrase: "has not expired", "isn't revoked", "never expires". */
const NEGATION = /\b(?:not|never|no)\s+(?:yet\s+|been\s+|be\s+)?$|n't\s+(?:yet\s+|been\s+|be\s+)?$|\bnon-?$/i;

function negated(text: string, at: number): boolean {
  return NEGATION.test(text.slice(Math.max(0, at - 16), at));
}

const MAX_TEXT = 600;

const REASON_WORD = 'invalid|expired|revoked|malformed|missing|incorrect|deleted|disabled|inactive|not valid';
/**
 * "Token is invalid or expired", "missing or malformed jwt": reasons offered as alternatives name
 * none of them. Such a statement says only that the caller was not authenticated: refused when a
 * credential was sent, missing when none was.
 */
const ALTERNATIVES = new RegExp(
  `\\b(?:${REASON_WORD})\\b(?:,\\s*(?:${REASON_WORD})\\b){0,6},?\\s+or\\s+(?:has been\\s+|has\\s+|is\\s+|was\\s+)?(?:${REASON_WORD})\\b`,
  'i',
);

/**
 * Servers repeat themselves: a storm of failures says the same sentence hundreds of times, and the
 * popup diagnoses each. A bounded memo (emptied when full) keeps that to one classification.
 */
const MEMO_LIMIT = 512;
const memo = new Map<string, PhraseMatch | null>();

/** The first reason the words give, most specific first; undefined when they say nothing about a credential. */
export function classifyPhrase(text: string): PhraseMatch | undefined {
  const bounded = text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) : text;
  const known = memo.get(bounded);
  if (known !== undefined) return known ?? undefined;
  const found = classifyUncached(bounded);
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(bounded, found ?? null);
  return found;
}

function classifyUncached(bounded: string): PhraseMatch | undefined {
  const credential = CREDENTIAL_CONTEXT.test(bounded);
  for (const rule of RULES) {
    if (rule.context === 'credential' && !credential) continue;
    if (rule.context === 'account' && !credential && !ACCOUNT_CONTEXT.test(bounded)) continue;
    const match = firstUnnegated(bounded, rule);
    if (!match) continue;
    const alternatives = ALTERNATIVES.exec(bounded);
    if (alternatives && overlaps(alternatives, match)) {
      return { kind: 'unauthenticated', words: alternatives[0], at: alternatives.index };
    }
    return { kind: rule.kind, words: match[0], at: match.index };
  }
  return undefined;
}

/** Whether the words offer several reasons as alternatives ("expired, revoked, malformed or invalid"). */
export function offersAlternatives(text: string): boolean {
  return ALTERNATIVES.test(text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) : text);
}

function overlaps(a: RegExpExecArray, b: RegExpExecArray): boolean {
  return a.index < b.index + b[0].length && b.index < a.index + a[0].length;
}

/** Each rule's pattern with the g flag, compiled once: lastIndex is reset before every use. */
const GLOBAL = new WeakMap<Rule, RegExp>();

function firstUnnegated(text: string, rule: Rule): RegExpExecArray | undefined {
  const first = rule.pattern.exec(text);
  if (!first) return undefined;
  if (!rule.negatable || !negated(text, first.index)) return first;
  let global = GLOBAL.get(rule);
  if (!global) {
    global = new RegExp(rule.pattern.source, 'gi');
    GLOBAL.set(rule, global);
  }
  global.lastIndex = 0;
  for (let found = global.exec(text), tries = 0; found && tries < 8; found = global.exec(text), tries++) {
    if (!rule.negatable || !negated(text, found.index)) return found;
    if (found[0].length === 0) global.lastIndex++;
  }
  return undefined;
}

/**
 * An error code as words: FST_JWT_AUTHORIZATION_TOKEN_EXPIRED → "fst jwt authorization token
 * expired", TokenExpiredError → "token expired error", expired_access_token/ → "expired access
 * token", invalid-jwt → "invalid jwt". Bounded to 120 characters.
 */
export function codeWords(code: string): string {
  return code
    .slice(0, 120)
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/[_./:-]+/g, ' ')
    .trim()
    .toLowerCase();
}

/**
 * Category codes (GraphQL and gRPC status names, exception class names): they sort a failure into
 * a broad class without naming its reason, so a reason in the sentence beside them wins.
 */
const CATEGORY_CODES: ReadonlyArray<readonly [RegExp, SignalKind]> = [
  [
    /^(?:unauthenticated|not authenticated|authentication required|login required)(?: error| exception)?$/,
    'unauthenticated',
  ],
  [
    /^(?:forbidden|permission denied|unauthorized access|insufficient permissions?)(?: error| exception)?$/,
    'insufficient-scope',
  ],
  [
    /^(?:unauthorized|not authorized|authentication|authentication error|authentication failed|auth error|access denied)(?: error| exception)?$/,
    'invalid',
  ],
];

/** A code's meaning, and whether it is only a category (see CATEGORY_CODES). */
export function classifyCode(code: string): (PhraseMatch & { category: boolean }) | undefined {
  const words = codeWords(code);
  if (!words || words.length > 120) return undefined;
  for (const [pattern, kind] of CATEGORY_CODES) {
    if (pattern.test(words)) return { kind, words: code, at: 0, category: true };
  }
  const match = classifyPhrase(words);
  return match && { ...match, words: code, at: 0, category: false };
}

/** Whether a string is shaped like a code (no spaces, identifier characters), not a sentence. */
export function looksLikeCode(value: string): boolean {
  return value.length <= 80 && /^[A-Za-z][\w.:/-]*\/?$/.test(value) && !/^https?:/.test(value);
}
