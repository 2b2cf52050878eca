import { describe, expect, it } from 'vitest';
import { codeSpan, escapeInline, fencedBlock } from './markdown-escape.ts';

describe('escapeInline', () => {
  it('escapes what would format, link or split a table', () => {
    expect(escapeInline('a|b `c` *d* _e_ [f](g) ~h~ \\')).toBe(
      'a\\|b \\`c\\` \\*d\\* \\_e\\_ \\[f\\](g) \\~h\\~ \\\\',
    );
  });

  it('shows HTML as text and keeps typed entities literal', () => {
    expect(escapeInline('<script>alert(1)</script>')).toBe('&lt;script>alert(1)&lt;/script>');
    expect(escapeInline('&lt;b&gt; & co')).toBe('&amp;lt;b&amp;gt; & co');
  });

  it('keeps everything on one line and neutralises line-start syntax', () => {
    expect(escapeInline('one\ntwo\r\n# three')).toBe('one two # three');
    expect(escapeInline('# heading')).toBe('\\# heading');
    expect(escapeInline('> quote')).toBe('\\> quote');
    expect(escapeInline('1. item')).toBe('1\\. item');
    expect(escapeInline('- item')).toBe('\\- item');
  });

  it('replaces control and bidi-override characters, and clips', () => {
    expect(escapeInline('a\u0000b\u202Ec\u2066d')).toBe('a\uFFFDb\uFFFDc\uFFFDd');
    expect(escapeInline('x'.repeat(50), 10)).toBe(`${'x'.repeat(10)}…`);
  });
});

describe('codeSpan', () => {
  it('uses a fence longer than any backtick run inside', () => {
    expect(codeSpan('plain')).toBe('`plain`');
    expect(codeSpan('a ``` b')).toBe('````a ``` b````');
    expect(codeSpan('`tick`')).toBe('`` `tick` ``');
    expect(codeSpan('line\nbreak')).toBe('`line break`');
    expect(codeSpan('')).toBe('(empty)');
  });
});

describe('fencedBlock', () => {
  it('cannot be closed by a line of the content', () => {
    const content = 'x\n```\n# not a heading\n``````\n~~~';
    const block = fencedBlock(content);
    expect(block.startsWith('```````text\n')).toBe(true);
    expect(block.endsWith('\n```````')).toBe(true);
    expect(fencedBlock('no ticks')).toBe('```text\nno ticks\n```');
  });

  it('normalises line endings and replaces control characters but keeps tabs', () => {
    expect(fencedBlock('a\r\nb\rc\td\u0007')).toBe('```text\na\nb\nc\td\uFFFD\n```');
  });
});
