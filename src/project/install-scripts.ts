/**
 * Which install scripts npm may run, for every package with one that an app (or this repository)
 * installs: npm 11 asks for the decision in package.json's `allowScripts`, and npm 12 blocks
 * what is not approved. Each was tried both ways; what works without its script is denied.
 */
export const INSTALL_SCRIPTS: Readonly<Record<string, boolean>> = {
  // dynalite (local mode's DynamoDB) loads its LevelDB binding at require: the script keeps the
  // prebuilt one, or builds one on a platform the package has no prebuilt binding for
  'classic-level': true,
  // the bundler runs it: the script checks the binary of the platform package, or fetches it
  // when an install left that optional package out
  'esbuild': true,
  // jest's watch mode uses the prebuilt package; the script only builds from source without one
  '@parcel/watcher': false,
  // kinesalite loads it only to keep streams on disk; local mode keeps them in memory
  'leveldown': false,
};

/**
 * package.json's `allowScripts`: these decisions, and `true` for each of `allowed` (projen's
 * `allowScripts` option, which only renders approvals), sorted by name.
 */
export function allowScriptsOf(allowed: string[]): Record<string, boolean> {
  const decisions: Record<string, boolean> = { ...INSTALL_SCRIPTS, ...Object.fromEntries(allowed.map((name) => [name, true])) };
  return Object.fromEntries(Object.keys(decisions).sort().map((name) => [name, decisions[name]]));
}
