import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { IATI_ORGANISATION_TYPES, loadConfig } from '../../src/config.js';
import { element, xmlAttribute, xmlText } from '../../src/export/xml-text.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../src/paths.js';

/** What a conforming XML 1.0 reader makes of `<doc a="…">…</doc>`: the attribute and the text, or its error. */
function readBack(xml: string): { attribute: string; text: string } {
  const parser = new SaxesParser({ xmlns: false });
  let attribute = '';
  let text = '';
  parser.on('opentag', (tag) => {
    if (tag.name === 'doc') attribute = String(tag.attributes.a ?? '');
  });
  parser.on('text', (t) => (text += t));
  parser.on('error', (error) => {
    throw error;
  });
  parser.write(xml).close();
  return { attribute, text };
}

const HOSTILE = [
  ['markup', 'Water & sanitation <b>bold</b> "quoted" \'single\''],
  ['a CDATA end', 'before ]]> after'],
  ['a closing tag', '</narrative></title><iati-activity>'],
  ['an entity', '&amp; &lt; &#x26;'],
  ['line breaks and tabs', 'a\tb\nc\r\nd\re'],
  ['non-Latin text and emoji', 'Санитария 水 🚰'],
] as const;

describe('XML text and attributes', () => {
  it.each(HOSTILE)('keeps %s exactly, in text and in an attribute', (_, value) => {
    const back = readBack(element('doc', { a: value }, xmlText(value)));
    expect(back).toEqual({ attribute: value, text: value });
  });

  it('drops the characters XML 1.0 cannot hold (C0 controls, lone surrogates, U+FFFE/U+FFFF), keeping the rest', () => {
    const value = 'a\u0000b\u0001c\u0008d\u000Be\u000Cf\u001Fg\uD800h\uDC00i\uFFFEj\uFFFFk\uD83D\uDEB0l\u0085m';
    const expected = 'abcdefghijk\uD83D\uDEB0l\u0085m';
    expect(xmlText(value)).toBe(expected);
    expect(xmlAttribute(value)).toBe(expected);
    expect(readBack(element('doc', { a: value }, xmlText(value)))).toEqual({ attribute: expected, text: expected });
  });

  it('leaves out attributes without a value and writes booleans as 1 and 0', () => {
    expect(element('x', { a: null, b: undefined, c: true, d: false, e: 0 })).toBe('<x c="1" d="0" e="0"/>');
  });

  it('escapes a huge hostile title in linear time', () => {
    const huge = '<&>]]>\u0001'.repeat(200_000);
    const started = performance.now();
    const text = xmlText(huge);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(text).toBe('&lt;&amp;&gt;]]&gt;'.repeat(200_000));
  });
});

describe('the IATI publisher settings', () => {
  const env = (vars: Record<string, string>) => ({ NODE_ENV: 'test', ...vars });

  it('is unset until an organisation identifier is given, and type 10 (government) by default', () => {
    expect(loadConfig(env({})).iatiPublisher).toBeNull();
    expect(
      loadConfig(env({ TRIBUTARY_IATI_ORG_REF: ' MW-MOFEPD-1 ', TRIBUTARY_IATI_ORG_NAME: 'Ministry of Finance' })).iatiPublisher,
    ).toEqual({
      ref: 'MW-MOFEPD-1',
      name: 'Ministry of Finance',
      type: '10',
    });
  });

  it.each([
    [{ TRIBUTARY_IATI_ORG_NAME: 'Ministry' }, /TRIBUTARY_IATI_ORG_NAME is set without TRIBUTARY_IATI_ORG_REF/],
    [{ TRIBUTARY_IATI_ORG_REF: 'MW-MOF-1' }, /TRIBUTARY_IATI_ORG_NAME must name the organisation MW-MOF-1/],
    [
      { TRIBUTARY_IATI_ORG_REF: 'MW MOF/1', TRIBUTARY_IATI_ORG_NAME: 'x' },
      /TRIBUTARY_IATI_ORG_REF=MW MOF\/1 is not an IATI organisation identifier/,
    ],
    [
      { TRIBUTARY_IATI_ORG_REF: 'MW-MOF-1', TRIBUTARY_IATI_ORG_NAME: 'x', TRIBUTARY_IATI_ORG_TYPE: '99' },
      /TRIBUTARY_IATI_ORG_TYPE=99 is not/,
    ],
  ])('refuses %j naming the variable', (vars, message) => {
    expect(() => loadConfig(env(vars))).toThrow(message);
  });

  it('accepts exactly the codes of the OrganisationType codelist', () => {
    const items = readFileSync(path.join(projectRoot, 'mappings', 'iati-codelists', 'items.csv'), 'utf8');
    const codes = [...items.matchAll(/^OrganisationType,(\d+),/gm)].map((m) => m[1]);
    expect(IATI_ORGANISATION_TYPES).toEqual(codes);
  });
});
