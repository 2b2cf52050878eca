/**
 * The channel from the page-world observer to the isolated content script: a DOM event on
 * `document` whose detail is a JSON string. A custom event name disturbs pages less than
 * window.postMessage (which every page's "message" listener would see), and a string crosses
 * the world boundary in Chrome and Firefox alike. Pages can forge it: the receiver validates.
 */
export const RELAY_EVENT = 'auth-inspector:observation';
/** Largest event detail the relay accepts (body cap plus headers and URL). */
export const RELAY_MAX_CHARS = 160 * 1024;
