// conformance-junit.xml from a report a hostile target shaped: well-formed XML whatever the target
// sent (markup, quotes, ampersands, control characters, lone surrogates), one testcase per
// requirement, failures with what was expected, what was seen and the repro lines.
import './support/setup.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderConformanceJunit } from '../lib/conformanceJunit.ts';
import { HOSTILE, hostileReport } from './support/hostileReport.ts';

interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decode = (text: string) => text.replace(/&(\w+);/g, (_m, name: string) => ENTITIES[name]);

/**
 * A strict reader of the XML subset the writer may use (a declaration, elements, attributes in
 * double quotes, text, the five named entities). Throws on anything not well-formed: a character
 * XML cannot carry, a bare `<` or `&`, an unclosed or mismatched element, a duplicate attribute.
 */
function parseXml(xml: string): XmlElement {
  const bad = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.exec(xml);
  if (bad) throw new Error(`a character XML cannot carry at ${bad.index}`);
  let rest = xml.replace(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n/, '');
  const root: XmlElement = { name: '#document', attributes: {}, children: [], text: '' };
  const stack = [root];
  while (rest.length) {
    const text = /^[^<]*/.exec(rest)![0];
    if (/&(?!(?:amp|lt|gt|quot|apos);)/.test(text)) throw new Error(`a bare & in text: ${text.slice(0, 80)}`);
    stack.at(-1)!.text += decode(text);
    rest = rest.slice(text.length);
    if (!rest) break;
    const tag = /^<(\/?)([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*="[^"<&]*(?:&(?:amp|lt|gt|quot|apos);[^"<&]*)*")*)\s*(\/?)>/.exec(rest);
    if (!tag) throw new Error(`not a tag: ${rest.slice(0, 80)}`);
    rest = rest.slice(tag[0].length);
    const [, closing, name, attributeText, selfClosing] = tag;
    if (closing) {
      const open = stack.pop()!;
      if (open.name !== name || attributeText || selfClosing) throw new Error(`</${name}> closes <${open.name}>`);
      continue;
    }
    const element: XmlElement = { name, attributes: {}, children: [], text: '' };
    for (const [, key, value] of attributeText.matchAll(/([A-Za-z_][\w.-]*)="([^"]*)"/g)) {
      if (key in element.attributes) throw new Error(`duplicate attribute ${key} on <${name}>`);
      element.attributes[key] = decode(value);
    }
    stack.at(-1)!.children.push(element);
    if (!selfClosing) stack.push(element);
  }
  if (stack.length !== 1 || root.children.length !== 1 || root.text.trim()) throw new Error('not one root element');
  return root.children[0];
}

test('the reader used below refuses what is not well-formed', () => {
  for (const broken of ['<a>&</a>', '<a><b></a></b>', '<a x="1" x="2"/>', '<a>\u0001</a>', '<a x="<"/>', '<a>', '<a/><b/>']) {
    assert.throws(() => parseXml(broken), broken);
  }
  assert.deepEqual(parseXml('<a x="&lt;&amp;&quot;">t&apos;</a>'), { name: 'a', attributes: { x: '<&"' }, children: [], text: "t'" });
});

test('hostile text stays text: well-formed, every character the target sent kept or written as \\uXXXX', () => {
  const report = hostileReport();
  const hostile = report.requirements[0];
  hostile.reason = `${HOSTILE.reason}\nline two with 'quotes' "and" <tags> ]]> \u0000\u001b[31mred\u001b[0m \ud800 end`;
  const suites = parseXml(renderConformanceJunit(report));
  const cases = suites.children.flatMap((suite) => suite.children);
  assert.deepEqual(
    cases.map((c) => [c.attributes.classname, c.attributes.name]),
    report.requirements.map((r) => [r.api, r.id]),
    'one testcase per requirement, classname the API, name the id',
  );
  const failure = cases[0].children.find((c) => c.name === 'failure')!;
  assert.equal(failure.attributes.type, 'MUST failure');
  assert.equal(failure.attributes.message, `[MUST] line two with 'quotes' "and" <tags> ]]> \\u0000\\u001b[31mred\\u001b[0m \\ud800 end`);
  assert.ok(failure.text.startsWith(`expected: ${hostile.checks}\nseen: ${HOSTILE.reason}\n`), failure.text);
  assert.ok(failure.text.includes(`POST /api?x=<b> → 500\n  ${HOSTILE.curl}`), 'each exchange with its repro line');
});

test('skipped, unobservable and untested are skipped with the reason; expected failures and fixed ones say so', () => {
  const suites = parseXml(renderConformanceJunit(hostileReport()));
  assert.deepEqual(suites.attributes, { name: `conformance: ${HOSTILE.target}`, tests: '4', failures: '2', errors: '0', skipped: '1' });
  const byId = new Map(suites.children.flatMap((s) => s.children).map((c) => [c.attributes.name, c]));
  assert.deepEqual(
    byId.get('lia.untested')!.children.map((c) => [c.name, c.attributes.message]),
    [['skipped', 'untested: the target file has no "lia" section']],
  );
  const expected = byId.get('lia.expected')!.children[0];
  assert.deepEqual(
    [expected.name, expected.attributes.type, expected.attributes.message],
    ['failure', 'expected failure', '[MUST] expected failure (ticket <42>): known'],
  );
  assert.match(byId.get('lia.fixed')!.children[0].text, /listed in expectedFailures \(was broken\) but passed: remove it/);
});
