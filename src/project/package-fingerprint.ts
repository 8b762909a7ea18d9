import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** This package's root: `lib/project/` (or `src/project/` under test) is two folders below it. */
const PACKAGE_ROOT = path.join(__dirname, '..', '..');

/** What makes one version of this package: its manifest, compiled code and starter templates. */
const CONTENT = ['package.json', 'lib', 'starters'];

/**
 * A fingerprint of this package as installed now: a hash of its package.json, compiled code and
 * starters. Two installs of the same version from different builds (tarballs of two commits,
 * both 0.0.0) have different fingerprints; npm's fixed file times say nothing.
 */
export function packageFingerprint(): string {
  const hash = createHash('sha256');
  for (const file of CONTENT.flatMap((entry) => filesUnder(path.join(PACKAGE_ROOT, entry))).sort()) {
    hash.update(path.relative(PACKAGE_ROOT, file)).update('\0').update(fs.readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

/** `entry` when it is a file, the files under it when it is a folder, nothing when it is missing. */
function filesUnder(entry: string): string[] {
  const stat = fs.statSync(entry, { throwIfNoEntry: false });
  if (!stat) {
    return [];
  }
  if (!stat.isDirectory()) {
    return [entry];
  }
  return fs.readdirSync(entry, { withFileTypes: true }).flatMap((child) => filesUnder(path.join(entry, child.name)));
}
