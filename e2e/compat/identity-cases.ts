import { expect } from '@playwright/test';
import type { CompatCase } from '../support/compat-page.ts';

/**
 * What sites inspect: names, lengths, descriptors, errors on misuse, and the stacks of fetch and
 * XHR errors.
 * Run by e2e/page-compat.spec.ts in a Chromium without the extension and in one with it; each
 * `run` is serialised into the page, so it may use only its arguments and browser globals.
 */
export const IDENTITY_CASES: Record<string, CompatCase> = {
  // Error monitors drop errors whose stack points into an extension (Sentry's browser-extension
  // inbound filter looks at the frame that threw; Exceptionless and many hand-written filters at
  // any frame): the page's own fetch and XHR errors must not gain a frame from the observer.
  'fetch and XHR errors carry the same stack as without the extension': {
    run: async (_compat, { a, refused }) => {
      const stackOf = async (run: () => unknown) => {
        try {
          await run();
          return 'no error';
        } catch (thrown) {
          // The property itself too: an own data or accessor property, as V8 made it.
          const descriptor = Object.getOwnPropertyDescriptor(thrown, 'stack');
          return {
            stack: String((thrown as Error).stack),
            descriptor:
              descriptor && Object.entries(descriptor).map(([key, value]) => `${key}:${typeof value}`),
          };
        }
      };
      const aborted = new AbortController();
      aborted.abort();
      const open = XMLHttpRequest.prototype.open as (this: unknown, ...args: unknown[]) => void;
      return {
        refused: await stackOf(() => fetch(`${refused}/x`)),
        badUrl: await stackOf(() => fetch('http://[bad')),
        illegal: await stackOf(() => fetch.call({}, `${a}/text`)),
        aborted: await stackOf(() => fetch(`${a}/text`, { signal: aborted.signal })),
        throwingInit: await stackOf(() =>
          fetch(`${a}/text`, {
            get headers(): HeadersInit {
              throw new Error('from the page');
            },
          }),
        ),
        openIllegal: await stackOf(() => open.call({}, 'GET', '/')),
        openBadMethod: await stackOf(() => new XMLHttpRequest().open('BAD METHOD', '/')),
        openThrowingUrl: await stackOf(() =>
          new XMLHttpRequest().open('GET', {
            toString(): string {
              throw new Error('from the page');
            },
          } as unknown as string),
        ),
        headerBadName: await stackOf(() => {
          const request = new XMLHttpRequest();
          request.open('GET', '/');
          request.setRequestHeader('bad name', 'x');
        }),
        syncRefused: await stackOf(() => {
          const request = new XMLHttpRequest();
          request.open('GET', `${refused}/x`, false);
          request.send();
        }),
      };
    },
    plain: { refused: { stack: expect.stringContaining('TypeError: Failed to fetch') } },
  },

  'identity: fetch and XMLHttpRequest look the same to the checks sites make': {
    run: async (compat) => {
      const descriptorOf = (target: object, key: PropertyKey) => {
        const descriptor = Object.getOwnPropertyDescriptor(target, key);
        return (
          descriptor && {
            writable: descriptor.writable,
            enumerable: descriptor.enumerable,
            configurable: descriptor.configurable,
            value: typeof descriptor.value,
            get: typeof descriptor.get,
          }
        );
      };
      const fn = (value: unknown) => {
        const target = value as (...args: unknown[]) => unknown;
        return {
          name: target.name,
          length: target.length,
          type: typeof target,
          isFunction: target instanceof Function,
          hasPrototype: 'prototype' in target,
          own: Object.getOwnPropertyNames(target).sort(),
          name_: descriptorOf(target, 'name'),
          length_: descriptorOf(target, 'length'),
          proto: Object.getPrototypeOf(target) === Function.prototype,
          tag: Object.prototype.toString.call(target),
          bound: target.bind(null).name,
          // Only the error's name: V8 quotes the function's source in the message, which is the
          // accepted toString difference (see the top of this file).
          construct: (() => {
            try {
              Reflect.construct(String, [], target);
              return 'constructor';
            } catch (thrown) {
              return compat.error(thrown).name;
            }
          })(),
        };
      };
      const proto = XMLHttpRequest.prototype;
      const names = Object.getOwnPropertyNames(proto).sort();
      const pending = fetch('/text');
      return {
        fetch: fn(fetch),
        descriptor: descriptorOf(window, 'fetch'),
        sameEverywhere: window.fetch === self.fetch && globalThis.fetch === fetch,
        returnsPromise: pending instanceof Promise && Object.getPrototypeOf(pending) === Promise.prototype,
        xhr: { name: XMLHttpRequest.name, length: XMLHttpRequest.length, type: typeof XMLHttpRequest },
        protoNames: names,
        protoDescriptors: Object.fromEntries(names.map((name) => [name, descriptorOf(proto, name)])),
        methods: Object.fromEntries(
          names
            .filter((name) => typeof Object.getOwnPropertyDescriptor(proto, name)?.value === 'function')
            .map((name) => [name, fn(Object.getOwnPropertyDescriptor(proto, name)?.value)]),
        ),
        instance: new XMLHttpRequest() instanceof XMLHttpRequest,
        windowKeys: Object.keys(window).filter((key) => /fetch|xhr|xmlhttp|auth|inspector/i.test(key)),
        status: (await pending).status,
      };
    },
    plain: {
      fetch: { name: 'fetch', length: 1, type: 'function', isFunction: true, hasPrototype: false },
      descriptor: { writable: true, enumerable: true, configurable: true, value: 'function' },
      instance: true,
      returnsPromise: true,
    },
  },

  'identity: misuse throws the same errors (illegal this, new, missing arguments)': {
    run: async (compat, { a }) => {
      const proto = XMLHttpRequest.prototype;
      const call = (run: () => unknown) => {
        try {
          run();
          return 'ok';
        } catch (thrown) {
          return compat.error(thrown);
        }
      };
      const { send, setRequestHeader } = proto;
      const open = proto.open as (this: unknown, ...args: unknown[]) => void;
      const opened = new XMLHttpRequest();
      return {
        fetchThis: await compat.settle(() => fetch.call({}, `${a}/text`).then(() => 'ok')),
        fetchNew: call(() => new (fetch as unknown as new () => unknown)()),
        openThisObject: call(() => open.call({}, 'GET', '/')),
        openThisUndefined: call(() => open.call(undefined, 'GET', '/')),
        openThisNumber: call(() => open.call(1, 'GET', '/')),
        openNew: call(() => new (open as unknown as new () => unknown)()),
        openNoArguments: call(() => open.call(opened)),
        openBadMethod: call(() => opened.open('BAD METHOD', '/')),
        openBadUrl: call(() => opened.open('GET', 'http://[bad')),
        sendUnopened: call(() => new XMLHttpRequest().send()),
        sendThis: call(() => send.call({} as XMLHttpRequest)),
        headerUnopened: call(() => new XMLHttpRequest().setRequestHeader('X-A', 'b')),
        headerThis: call(() => setRequestHeader.call({} as XMLHttpRequest, 'X-A', 'b')),
        headerBadName: call(() => {
          const request = new XMLHttpRequest();
          request.open('GET', '/');
          request.setRequestHeader('bad name', 'b');
        }),
        sendTwice: call(() => {
          const request = new XMLHttpRequest();
          request.open('GET', `${a}/text`);
          request.send();
          request.send();
        }),
      };
    },
    plain: {
      fetchThis: { error: { name: 'TypeError' } },
      openThisUndefined: {
        name: 'TypeError',
        message: 'Illegal invocation',
      },
      openThisNumber: {
        name: 'TypeError',
        message: 'Illegal invocation',
      },
      sendUnopened: { name: 'InvalidStateError' },
    },
  },
};
