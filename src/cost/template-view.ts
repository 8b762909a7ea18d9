/** A template as its readers see it: resources by type, their keys and display names, what a reference leads to. */
import { AssemblyTemplate, TemplateResource } from './assembly';
import { refOf } from './template-refs';

/** A template and what the readers share: keys, owners and names of its resources. */
export class TemplateView {
  constructor(
    readonly template: AssemblyTemplate,
    /** Display names by key (`ItemsService/Create` → `items/create`), from the app's model when the caller has it. */
    private readonly names: { [key: string]: string } = {},
  ) {}

  /** The resources of `type`, with their logical IDs. */
  public ofType(type: string): Array<[string, TemplateResource]> {
    return Object.entries(this.template.resources).filter(([, resource]) => resource.Type === type);
  }

  /** The resource of `logicalId`, in this template or, for a nested stack's parameter, in the one it comes from. */
  public resource(logicalId: string | undefined): TemplateResource | undefined {
    const located = this.locate(logicalId);
    return located?.view.template.resources[located.logicalId];
  }

  /**
   * Where `logicalId` is defined: in this template, or, when it is a parameter of a nested stack,
   * the resource its parent passes (itself an output of a sibling nested stack, followed there).
   * Resolve a located resource's own references in its `view`.
   */
  public locate(logicalId: string | undefined): { view: TemplateView; logicalId: string } | undefined {
    if (logicalId === undefined) {
      return undefined;
    }
    if (logicalId in this.template.resources) {
      return { view: this, logicalId };
    }
    const parent = this.template.parent;
    if (parent === undefined || !(logicalId in parent.parameters)) {
      return undefined;
    }
    return new TemplateView(parent.template, this.names).locateValue(parent.parameters[logicalId]);
  }

  /** What a `Ref` or `Fn::GetAtt` of this template leads to; a nested stack's output is followed into it. */
  private locateValue(value: unknown): { view: TemplateView; logicalId: string } | undefined {
    const target = refOf(value);
    const attribute = (value as { 'Fn::GetAtt'?: [string, string] } | undefined)?.['Fn::GetAtt']?.[1];
    const child = target === undefined ? undefined : this.template.nestedStacks[target];
    if (child !== undefined && typeof attribute === 'string' && attribute.startsWith('Outputs.')) {
      return new TemplateView(child, this.names).locateValue(child.outputs[attribute.slice('Outputs.'.length)]);
    }
    return this.locate(target);
  }

  /** `ItemsService/Create`: the construct path without its default child, else the logical ID; a nested stack's parameter, its resource's. */
  public keyOf(logicalId: string): string {
    const constructPath = this.template.paths[logicalId];
    if (constructPath !== undefined) {
      return constructPath.replace(/\/(Resource|Default)$/, '');
    }
    const located = this.locate(logicalId);
    return located === undefined || located.view === this ? logicalId : located.view.keyOf(located.logicalId);
  }

  /** `items/create`: the model's name of `key`, else its service and its last construct ID in kebab case. */
  public nameOf(key: string, service?: string): string {
    const given = this.names[key];
    if (given) {
      return given;
    }
    const id = kebab(key.split('/').pop()!);
    return service && key.includes('/') ? `${service}/${id}` : id;
  }

  /** The function a reference leads to: a function, or the function of an alias or a version. */
  public functionOf(logicalId: string | undefined): string | undefined {
    const resource = this.resource(logicalId);
    if (resource?.Type === 'AWS::Lambda::Function') {
      return logicalId;
    }
    if (resource?.Type === 'AWS::Lambda::Alias' || resource?.Type === 'AWS::Lambda::Version') {
      return this.functionOf(refOf(resource.Properties?.FunctionName));
    }
    return undefined;
  }
}

/** `ProcessUpload` → `process-upload`. */
export function kebab(constructId: string): string {
  return constructId.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}
