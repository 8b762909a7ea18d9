/**
 * The templates of a cloud assembly (`cdk.out`), as the cost estimate reads them: every stack of
 * the manifest, those of nested assemblies (stages) and nested stacks included, each with its
 * region and the construct path of each resource. The manifest, not the folder's file list,
 * says which stacks there are: a template left over from an earlier synth is not read.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** A resource of a template, as far as the estimate reads it. */
export interface TemplateResource {
  readonly Type: string;
  readonly Properties?: { [key: string]: any };
  readonly Metadata?: { [key: string]: any };
}

/** One template of the assembly. */
export interface AssemblyTemplate {
  /** `shop`, `Prod/api`; a nested stack's is its parent's with its construct path, `shop/Orders`. */
  readonly stackName: string;
  /** Undefined when the stack is environment-agnostic (`unknown-region`). */
  readonly region?: string;
  /** The template's file, relative to the assembly's folder. */
  readonly templateFile: string;
  readonly resources: { [logicalId: string]: TemplateResource };
  /** Each resource's construct path below its top-level stack (`ItemsService/Create/Resource`), when the metadata has it. */
  readonly paths: { [logicalId: string]: string };
  /** The template's outputs, by name: what a parent reads of a nested stack (`Fn::GetAtt: [Stack, Outputs.<name>]`). */
  readonly outputs: { [name: string]: unknown };
  /** A nested stack's: its parent, and the value the parent passes each of its parameters. */
  readonly parent?: NestedStackParent;
  /** The nested stacks of this one, by the logical ID of their `AWS::CloudFormation::Stack`. */
  readonly nestedStacks: { [logicalId: string]: AssemblyTemplate };
}

/** Where a nested stack's parameters come from. */
export interface NestedStackParent {
  readonly template: AssemblyTemplate;
  /** By parameter name, as the parent's `AWS::CloudFormation::Stack` passes it: a `Ref` or `Fn::GetAtt` of the parent's. */
  readonly parameters: { [name: string]: unknown };
}

interface Artifact {
  readonly type: string;
  readonly environment?: string;
  readonly displayName?: string;
  readonly properties?: { readonly templateFile?: string; readonly directoryName?: string; readonly file?: string };
  readonly metadata?: { [path: string]: Array<{ type: string; data?: unknown }> };
  readonly additionalMetadataFile?: string;
}

/** Every template of the assembly in `assemblyDir`, nested assemblies and nested stacks included. */
export function readAssembly(assemblyDir: string): AssemblyTemplate[] {
  const manifestFile = path.join(assemblyDir, 'manifest.json');
  if (!fs.existsSync(manifestFile)) {
    throw new Error(`${manifestFile} does not exist: synthesize the app first (npx projen synth:silent)`);
  }
  const manifest = readJson(manifestFile) as { artifacts?: { [id: string]: Artifact } };
  const artifacts = Object.entries(manifest.artifacts ?? {});
  const assetSources = assetSourcesOf(assemblyDir, artifacts.map(([, artifact]) => artifact));
  const templates: AssemblyTemplate[] = [];
  for (const [id, artifact] of artifacts) {
    if (artifact.type === 'cdk:cloud-assembly' && artifact.properties?.directoryName) {
      templates.push(...readAssembly(path.join(assemblyDir, artifact.properties.directoryName)));
    } else if (artifact.type === 'aws:cloudformation:stack' && artifact.properties?.templateFile) {
      templates.push(...readStack(assemblyDir, id, artifact, assetSources));
    }
  }
  return templates;
}

function readStack(assemblyDir: string, id: string, artifact: Artifact, assetSources: Map<string, string>): AssemblyTemplate[] {
  const stackName = artifact.displayName ?? id;
  const region = regionOf(artifact.environment);
  const logicalIds = logicalIdsOf(assemblyDir, artifact);
  const stackPath = `/${stackName}`;
  const read = (templateFile: string, name: string, prefix: string): AssemblyTemplate[] => {
    const template = readJson(path.join(assemblyDir, templateFile)) as {
      Resources?: { [logicalId: string]: TemplateResource };
      Outputs?: { [name: string]: { Value?: unknown } };
    };
    const resources = template.Resources ?? {};
    const paths: { [logicalId: string]: string } = {};
    for (const [constructPath, logicalId] of logicalIds) {
      if (constructPath.startsWith(`${prefix}/`) && logicalId in resources && !(logicalId in paths)) {
        paths[logicalId] = constructPath.slice(stackPath.length + 1);
      }
    }
    const children = Object.entries(resources)
      .filter(([, resource]) => resource.Type === 'AWS::CloudFormation::Stack')
      .flatMap(([logicalId, resource]) => {
        const file = nestedTemplateFile(resource, assetSources);
        const nestedPrefix = paths[logicalId] === undefined ? undefined : `${stackPath}/${nestedConstructPath(paths[logicalId])}`;
        const templates = file && nestedPrefix ? read(file, `${stackName}/${nestedPrefix.slice(stackPath.length + 1)}`, nestedPrefix) : [];
        return templates.length > 0 ? [{ logicalId, parameters: resource.Properties?.Parameters ?? {}, templates }] : [];
      });
    const nested = children.flatMap((child) => child.templates);
    // a nested stack's resources are its own, not its parent's
    const own = Object.fromEntries(Object.entries(paths).filter(([, constructPath]) =>
      !nested.some((child) => constructPath.startsWith(`${child.stackName.slice(stackName.length + 1)}/`))));
    const outputs = Object.fromEntries(Object.entries(template.Outputs ?? {}).map(([output, value]) => [output, value.Value]));
    const self: AssemblyTemplate = {
      stackName: name,
      region,
      templateFile,
      resources,
      paths: own,
      outputs,
      nestedStacks: Object.fromEntries(children.map((child) => [child.logicalId, child.templates[0]])),
    };
    // each child's first template is the child itself, read before its parent existed: its parameters come from this one
    for (const child of children) {
      (child.templates[0] as { parent?: NestedStackParent }).parent = { template: self, parameters: child.parameters };
    }
    return [self, ...nested];
  };
  return read(artifact.properties!.templateFile!, stackName, stackPath);
}

/** `aws://123/eu-west-1` → `eu-west-1`; an environment-agnostic stack has none. */
function regionOf(environment: string | undefined): string | undefined {
  const region = environment?.split('/')[3];
  return region && region !== 'unknown-region' ? region : undefined;
}

/** Construct path and logical ID of each resource, from the stack's metadata (inline or in its own file). */
function logicalIdsOf(assemblyDir: string, artifact: Artifact): Array<[string, string]> {
  const metadata = artifact.metadata
    ?? (artifact.additionalMetadataFile ? readJson(path.join(assemblyDir, artifact.additionalMetadataFile)) as Artifact['metadata'] : undefined)
    ?? {};
  return Object.entries(metadata).flatMap(([constructPath, entries]) => entries
    .filter((entry) => entry.type === 'aws:cdk:logicalId' && typeof entry.data === 'string')
    .map((entry): [string, string] => [constructPath, entry.data as string]));
}

/** The S3 object key of each file asset (a nested template among them) → its file in the assembly. */
function assetSourcesOf(assemblyDir: string, artifacts: Artifact[]): Map<string, string> {
  const sources = new Map<string, string>();
  for (const artifact of artifacts) {
    if (artifact.type !== 'cdk:asset-manifest' || !artifact.properties?.file) {
      continue;
    }
    const assets = readJson(path.join(assemblyDir, artifact.properties.file)) as {
      files?: { [hash: string]: { source: { path?: string }; destinations: { [id: string]: { objectKey: string } } } };
    };
    for (const file of Object.values(assets.files ?? {})) {
      for (const destination of Object.values(file.destinations)) {
        if (file.source.path) {
          sources.set(destination.objectKey, file.source.path);
        }
      }
    }
  }
  return sources;
}

/** A nested stack's template file: its asset metadata (`cdk synth`), else the object key its TemplateURL ends with. */
function nestedTemplateFile(resource: TemplateResource, assetSources: Map<string, string>): string | undefined {
  const assetPath = resource.Metadata?.['aws:asset:path'];
  if (typeof assetPath === 'string') {
    return assetPath;
  }
  const url = JSON.stringify(resource.Properties?.TemplateURL ?? '');
  const objectKey = /\/([0-9a-f]{64}\.json)"/.exec(url)?.[1];
  return objectKey ? assetSources.get(objectKey) : undefined;
}

/** `Orders.NestedStack/Orders.NestedStackResource` → `Orders`: where the nested stack's own constructs are. */
function nestedConstructPath(resourcePath: string): string {
  return resourcePath.replace(/\.NestedStack\/[^/]+\.NestedStackResource$/, '');
}

function readJson(file: string): unknown {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}
