import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { BundleResult, bundleFunctions, formatSizes } from '../../src/bundling/bundle';
import { BundleConfig } from '../../src/bundling/config';

/** A project folder with two handlers that share a helper and use the AWS SDK. */
function projectWithHandlers(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bundle-project-'));
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  };
  write('src/handlers/shared/greet.ts', 'export const greet = (name: string): string => `hello ${name}`;\nexport const unused = (): string => "TREE_SHAKEN_AWAY";\n');
  write('src/handlers/items/get.ts', [
    "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
    "import { greet } from '../shared/greet';",
    'export const client = (): DynamoDBClient => new DynamoDBClient({});',
    'export const handler = async (event: { name: string }): Promise<string> => greet(event.name);',
  ].join('\n'));
  write('src/handlers/items/list.ts', "export const handler = async (): Promise<string[]> => ['a', 'b'];\n");
  write('assets/items/removed/index.js', 'stale bundle of a function that left the options');
  return dir;
}

const config: BundleConfig = {
  outdir: 'assets',
  target: 'node24',
  external: ['@aws-sdk/*'],
  sourcemap: false,
  budgetKiB: 512,
  entryPoints: { 'items/get': 'src/handlers/items/get.ts', 'items/list': 'src/handlers/items/list.ts' },
};

describe('bundleFunctions', () => {
  const dir = projectWithHandlers();
  let result: BundleResult;

  beforeAll(async () => {
    result = await bundleFunctions(config, dir);
  });

  test('writes one CommonJS index.js per function that exports its handler', async () => {
    // items/list needs nothing at run time; items/get requires the SDK the runtime provides
    const loadBundle = createRequire(__filename);
    const bundle = loadBundle(path.join(dir, 'assets/items/list/index.js'));
    await expect(bundle.handler()).resolves.toEqual(['a', 'b']);
    expect(result.sizes.map((size) => size.file)).toEqual(['assets/items/get/index.js', 'assets/items/list/index.js']);
  });

  test('leaves the AWS SDK to the Lambda runtime and shakes out unused code', () => {
    const text = fs.readFileSync(path.join(dir, 'assets/items/get/index.js'), 'utf8');
    expect(text).toContain('require("@aws-sdk/client-dynamodb")');
    expect(text).toContain('`hello ${');
    expect(text).not.toContain('TREE_SHAKEN_AWAY');
  });

  test('minifies: no comments, no indentation', () => {
    const text = fs.readFileSync(path.join(dir, 'assets/items/list/index.js'), 'utf8');
    expect(text.split('\n').length).toBeLessThanOrEqual(2);
  });

  test('removes the bundles of functions that are gone', () => {
    expect(fs.existsSync(path.join(dir, 'assets/items/removed'))).toBe(false);
  });

  test('writes the metafile for size analysis', () => {
    const meta = JSON.parse(fs.readFileSync(path.join(dir, 'assets/metafile.json'), 'utf8'));
    expect(Object.keys(meta.outputs)).toEqual(expect.arrayContaining(['assets/items/get/index.js']));
    expect(Object.keys(meta.inputs)).toEqual(expect.arrayContaining(['src/handlers/shared/greet.ts']));
  });

  test('finds nothing wrong with small, minified bundles that leave the SDK out', () => {
    expect(result.findings).toEqual([]);
  });

  test('reports each bundle with its size', () => {
    const report = formatSizes(result.sizes);
    expect(report).toMatch(/^assets\/items\/get\/index\.js {2,}\d+\.\d KiB$/m);
    expect(report.split('\n')).toHaveLength(2);
  });
});
