// Parses every Mermaid block of each Markdown file given, with mermaid's own parser in a jsdom
// window; prints one JSON line: the files with a diagram that does not parse (`file#n`, n from
// 1), with the parser's error.
import fs from 'node:fs';
import { JSDOM } from 'jsdom';

const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
Object.defineProperty(globalThis, 'navigator', { value: dom.window.navigator, configurable: true });
const { default: mermaid } = await import('mermaid');

const failures = {};
for (const file of process.argv.slice(2)) {
  const diagrams = fs.readFileSync(file, 'utf8').split('```mermaid').slice(1).map((block) => block.split('```')[0]);
  if (diagrams.length === 0) {
    failures[file] = 'no mermaid block';
  }
  for (const [index, diagram] of diagrams.entries()) {
    try {
      await mermaid.parse(diagram);
    } catch (error) {
      failures[`${file}#${index + 1}`] = error.message;
    }
  }
}
console.log(JSON.stringify(failures));
