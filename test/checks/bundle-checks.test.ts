import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BundleMetafile, checkBundles } from '../../src/checks/bundle-checks';

/** A project folder holding `files`, and a metafile with one bundle made of `inputs`. */
function bundleOf(files: Record<string, string>, bundleText: string, inputs: string[]): { dir: string; metafile: BundleMetafile } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bundle-checks-'));
  for (const [file, text] of Object.entries({ ...files, 'assets/fn/index.js': bundleText })) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  const metafile = { outputs: { 'assets/fn/index.js': { bytes: Buffer.byteLength(bundleText), inputs: Object.fromEntries(inputs.map((input) => [input, {}])) } } };
  return { dir, metafile };
}

const HANDLER = 'export const handler = async () => 1;\n';
const MINIFIED = 'var a=1;module.exports={handler:async()=>a};\n';

describe('LargeDeploymentPackage: small bundles that leave the SDK to the runtime', () => {
  test('flags a bundle over its budget, accepts it under a larger one', () => {
    const { dir, metafile } = bundleOf({ 'src/fn.ts': HANDLER }, `${'x'.repeat(3 * 1024)}\n`, ['src/fn.ts']);
    expect(checkBundles(metafile, dir, 2)).toEqual([expect.objectContaining({
      rule: 'ServerlessPatterns-LargeDeploymentPackage[Budget]',
      level: 'error',
      bundle: 'assets/fn/index.js',
      message: expect.stringContaining('3.0 KiB is over the 2 KiB budget'),
    })]);
    expect(checkBundles(metafile, dir, 4)).toEqual([]);
  });

  test('flags the AWS SDK bundled in, accepts it left external', () => {
    const bundled = bundleOf({ 'src/fn.ts': HANDLER }, MINIFIED, ['src/fn.ts', 'node_modules/@aws-sdk/client-s3/dist-es/S3Client.js']);
    expect(checkBundles(bundled.metafile, bundled.dir).map((finding) => finding.rule)).toEqual(['ServerlessPatterns-LargeDeploymentPackage[BundledSdk]']);
    const external = bundleOf({ 'src/fn.ts': HANDLER }, MINIFIED, ['src/fn.ts']);
    expect(checkBundles(external.metafile, external.dir)).toEqual([]);
  });

  test('flags an unminified bundle', () => {
    const { dir, metafile } = bundleOf({ 'src/fn.ts': HANDLER }, 'var a = 1;\n'.repeat(200), ['src/fn.ts']);
    expect(checkBundles(metafile, dir).map((finding) => finding.rule)).toEqual(['ServerlessPatterns-LargeDeploymentPackage[Unminified]']);
  });
});

describe('SynchronousWaiting[PollingLoop]: Step Functions waits, not a billed Lambda', () => {
  const POLLING = [
    'export const handler = async () => {',
    '  await startBatchJob();',
    '  while (true) {',
    "    if ((await checkJobStatus()) === 'COMPLETE') break;",
    '    await new Promise((resolve) => setTimeout(resolve, 1000));',
    '  }',
    '};',
  ].join('\n');

  test('warns about a handler that polls in a sleeping loop', () => {
    const { dir, metafile } = bundleOf({ 'src/poll.ts': POLLING }, MINIFIED, ['src/poll.ts']);
    expect(checkBundles(metafile, dir)).toEqual([expect.objectContaining({
      rule: 'ServerlessPatterns-SynchronousWaiting[PollingLoop]', level: 'warning', message: expect.stringContaining('src/poll.ts waits in a loop that sleeps'),
    })]);
  });

  test('accepts the fix: the handler starts the job and returns; a loop without a sleep is fine', () => {
    const loop = 'export const handler = async (items: number[]) => { for (const i of items) { await process(i); } };\n';
    const { dir, metafile } = bundleOf({ 'src/start.ts': 'export const handler = async () => startBatchJob();\n', 'src/loop.ts': loop }, MINIFIED, ['src/start.ts', 'src/loop.ts']);
    expect(checkBundles(metafile, dir)).toEqual([]);
  });
});
