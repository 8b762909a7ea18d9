/**
 * The README's main job: pack this package, create a sample app from the tarball with
 * `projen new --from`, build it (bundle, type-check, synth, its tests) and print what was
 * generated.
 *
 *   npx ts-node -P scripts/tsconfig.json scripts/create-sample-app.ts [folder]   (default: sample-app)
 */
import * as path from 'node:path';
import { appFiles, bundleSizes, createApp, packPackage, REPO_DIR, run, runLocally, synthesizedStacks } from './sample-app';

function step(message: string): void {
  console.log(`\n==> ${message}`);
}

async function main(folder = 'sample-app'): Promise<void> {
  const appDir = path.resolve(REPO_DIR, folder);
  console.log(`sample app folder: ${appDir}`);

  step('packing projen-serverless-patterns');
  const tarball = packPackage(path.join(REPO_DIR, 'dist', 'sample'));
  console.log(tarball);

  step(`npx projen new serverless-app --from projen-serverless-patterns@file:${path.relative(REPO_DIR, tarball)}`);
  createApp(tarball, appDir);

  step('npx projen build (bundle, type-check, cdk synth, tests, lint)');
  run('npx projen build', appDir);

  step('generated');
  const files = Object.keys(appFiles(appDir));
  const generated = files.filter((file) => /(^src\/main\.ts|generated|^docs\/)/.test(file)).sort();
  const starters = files.filter((file) => /^(src|test)\/handlers\//.test(file)).sort();
  console.log(`managed files:\n${generated.map((file) => `  ${file}`).join('\n')}`);
  console.log(`starter files (yours to edit):\n${starters.map((file) => `  ${file}`).join('\n')}`);

  for (const [stack, functions] of Object.entries(synthesizedStacks(appDir))) {
    console.log(`\nstack ${stack}: ${functions.length} functions`);
    for (const fn of functions) {
      console.log(`  ${fn.path.padEnd(28)} ${String(fn.memorySize).padStart(5)} MB ${String(fn.timeout).padStart(4)} s  ${fn.architecture} ${fn.runtime}`);
    }
  }
  console.log('\nbundles:');
  for (const [file, bytes] of Object.entries(bundleSizes(appDir)).sort()) {
    console.log(`  ${file.padEnd(36)} ${(bytes / 1024).toFixed(1).padStart(6)} KiB`);
  }

  step('npx projen local: the app running on this machine, without Docker or AWS');
  const local = await runLocally(appDir, [
    { method: 'POST', path: '/items', body: { name: 'lamp' } },
    { method: 'GET', path: '/items' },
  ]);
  console.log(local.banner);
  console.log(local.answers.map((answer) => `  ${answer}`).join('\n'));
  console.log(local.stopped);

  const where = path.relative(process.cwd(), appDir) || '.';
  console.log(`\ndone: cd ${where} && npx projen local   (runs it here)  or  npx projen deploy   (needs AWS credentials)`);
}

main(process.argv[2]).catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
