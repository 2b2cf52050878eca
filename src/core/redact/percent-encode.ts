/**
 * A page controls header values and URLs as UTF-16 strings, and a lone surrogate half (`\ud800`)
 * makes encodeURIComponent throw URIError ("URI malformed"). Encoding here replaces each lone half
 * with U+FFFD first, as a browser does when it sends the string as UTF-8, so it never throws.
 */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function percentEncode(text: string): string {
  return encodeURIComponent(text.replace(LONE_SURROGATE, '\ufffd'));
}
