/**
 * What the `bundle` task builds: written by `ServerlessApp` to `src/generated/bundle.json`,
 * read by `serverless-patterns-bundle`.
 */
export interface BundleConfig {
  /** Folder the bundles go to; emptied before each build. */
  readonly outdir: string;
  /** esbuild target, e.g. `node24`. */
  readonly target: string;
  /** Modules left out of the bundles because the Lambda runtime provides them. */
  readonly external: string[];
  /** Whether to write a `.map` beside each bundle. */
  readonly sourcemap: boolean;
  /** Size budget of one bundle, in KiB; a bundle over it fails the build. */
  readonly budgetKiB: number;
  /** Bundle name (`items/create`) → handler source (`src/handlers/items/create.ts`). */
  readonly entryPoints: Record<string, string>;
}
