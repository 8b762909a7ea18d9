/**
 * The cloud assembly (`cdk.out`) as local mode reads it: the stacks its `manifest.json` lists
 * (those of nested assemblies, written for stages, included), the construct path of each
 * resource, and where the staged assets are.
 *
 * @module
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AssemblyError, isObject } from './template';

/** A stack of the assembly. */
export interface StackArtifact {
  /** The artifact id in the manifest. */
  readonly artifactId: string;
  /** The stack's name in CloudFormation: `properties.stackName`, else the artifact id. */
  readonly stackName: string;
  /** The name `cdk ls` shows, e.g. `Stage/Stack`. */
  readonly displayName: string;
  /** The directory of the (nested) assembly that holds the template; asset paths are relative to it. */
  readonly directory: string;
  /** Absolute path of the template. */
  readonly templateFile: string;
  /** Construct path by logical id, from the `aws:cdk:logicalId` metadata. */
  readonly paths: ReadonlyMap<string, string>;
  /** Every construct path with the logical id of its resource, nested stacks' included (whose logical ids may repeat the stack's). */
  readonly constructPaths: ReadonlyArray<readonly [string, string]>;
}

/** A JSON file of the assembly, parsed. */
export function readJson(file: string, what: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new AssemblyError(`${file}: cannot read the ${what}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new AssemblyError(`${file}: the ${what} is not JSON: ${(error as Error).message}`);
  }
}

/** Every stack of the assembly in `assemblyDir`, nested assemblies included, in manifest order. */
export function listStacks(assemblyDir: string): StackArtifact[] {
  const manifestFile = path.join(assemblyDir, 'manifest.json');
  if (!fs.existsSync(manifestFile)) {
    throw new AssemblyError(`${assemblyDir}: no manifest.json: not a cloud assembly. Run \`cdk synth\` (or \`npx projen synth\`) first.`);
  }
  const manifest = readJson(manifestFile, 'assembly manifest');
  const artifacts = isObject(manifest) && isObject(manifest.artifacts) ? manifest.artifacts : {};
  const stacks: StackArtifact[] = [];
  for (const [artifactId, artifact] of Object.entries(artifacts)) {
    if (!isObject(artifact)) {
      continue;
    }
    const properties = isObject(artifact.properties) ? artifact.properties : {};
    if (artifact.type === 'cdk:cloud-assembly' && typeof properties.directoryName === 'string') {
      stacks.push(...listStacks(path.resolve(assemblyDir, properties.directoryName)));
    } else if (artifact.type === 'aws:cloudformation:stack') {
      if (typeof properties.templateFile !== 'string') {
        throw new AssemblyError(`${manifestFile}: the stack artifact ${artifactId} has no templateFile.`);
      }
      const stackName = typeof properties.stackName === 'string' ? properties.stackName : artifactId;
      stacks.push({
        artifactId,
        stackName,
        displayName: typeof artifact.displayName === 'string' ? artifact.displayName : stackName,
        directory: assemblyDir,
        templateFile: path.resolve(assemblyDir, properties.templateFile),
        ...logicalIdPaths(assemblyDir, artifact),
      });
    }
  }
  return stacks;
}

/** The stack named `stackName` (its name, artifact id or display name); without a name, the only stack. */
export function selectStack(assemblyDir: string, stackName?: string): StackArtifact {
  const stacks = listStacks(assemblyDir);
  const names = stacks.map((stack) => stack.displayName).join(', ');
  if (stackName !== undefined) {
    const stack = stacks.find((s) => [s.stackName, s.artifactId, s.displayName].includes(stackName));
    if (!stack) {
      throw new AssemblyError(`${assemblyDir}: no stack '${stackName}' in the assembly; it has ${names || 'none'}.`);
    }
    return stack;
  }
  if (stacks.length === 0) {
    throw new AssemblyError(`${assemblyDir}: the assembly has no stack.`);
  }
  if (stacks.length > 1) {
    throw new AssemblyError(`${assemblyDir}: the assembly has ${stacks.length} stacks (${names}); name the one to run.`);
  }
  return stacks[0];
}

/** Construct paths and logical ids, from the artifact's metadata (inline, or in its `additionalMetadataFile`). */
function logicalIdPaths(assemblyDir: string, artifact: Record<string, unknown>): Pick<StackArtifact, 'paths' | 'constructPaths'> {
  const metadata: Record<string, unknown> = { ...(isObject(artifact.metadata) ? artifact.metadata : {}) };
  if (typeof artifact.additionalMetadataFile === 'string') {
    const file = path.resolve(assemblyDir, artifact.additionalMetadataFile);
    if (fs.existsSync(file)) {
      const extra = readJson(file, 'stack metadata');
      Object.assign(metadata, isObject(extra) ? extra : {});
    }
  }
  const constructPaths: Array<readonly [string, string]> = [];
  for (const [constructPath, entries] of Object.entries(metadata)) {
    for (const entry of Array.isArray(entries) ? entries : []) {
      if (isObject(entry) && entry.type === 'aws:cdk:logicalId' && typeof entry.data === 'string') {
        constructPaths.push([constructPath.replace(/^\//, ''), entry.data]);
      }
    }
  }
  return { paths: new Map(constructPaths.map(([constructPath, logicalId]) => [logicalId, constructPath])), constructPaths };
}

/**
 * The staged file assets of the assembly in `directory`, by the object key they are published
 * under (`<hash>.zip`): absolute path of the staged directory or file.
 */
export function stagedAssets(directory: string): Map<string, string> {
  const assets = new Map<string, string>();
  const files = fs.readdirSync(directory).filter((name) => name.endsWith('.assets.json'));
  for (const name of files) {
    const manifest = readJson(path.join(directory, name), 'asset manifest');
    const entries = isObject(manifest) && isObject(manifest.files) ? manifest.files : {};
    for (const [hash, asset] of Object.entries(entries)) {
      const source = isObject(asset) && isObject(asset.source) ? asset.source : {};
      if (typeof source.path !== 'string') {
        continue;
      }
      const staged = path.resolve(directory, source.path);
      const destinations = isObject(asset) && isObject(asset.destinations) ? Object.values(asset.destinations) : [];
      for (const destination of destinations) {
        if (isObject(destination) && typeof destination.objectKey === 'string') {
          assets.set(destination.objectKey, staged);
        }
      }
      assets.set(hash, staged);
    }
  }
  return assets;
}
