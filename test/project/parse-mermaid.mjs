// Parses the Mermaid block of each Markdown file given, with mermaid's own parser in a jsdom
// window; prints one JSON line: the files whose diagram does not parse, with the parser's error.
import fs from 'node:fs';
import { JSDOM } from 'jsdom';

const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
Object.defineProperty(globalThis, 'navigator', { value: dom.window.navigator, configurable: true });
const { default: mermaid } = await import('mermaid');

const failures = {};
for (const file of process.argv.slice(2)) {
  const diagram = fs.readFileSync(file, 'utf8').split('```mermaid')[1]?.split('```')[0];
  try {
    if (!diagram) throw new Error('no mermaid block');
    await mermaid.parse(diagram);
  } catch (error) {
    failures[file] = error.message;
  }
}
console.log(JSON.stringify(failures));
