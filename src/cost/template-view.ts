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

  public resource(logicalId: string | undefined): TemplateResource | undefined {
    return logicalId === undefined ? undefined : this.template.resources[logicalId];
  }

  /** `ItemsService/Create`: the construct path without its default child, else the logical ID. */
  public keyOf(logicalId: string): string {
    const constructPath = this.template.paths[logicalId];
    return constructPath === undefined ? logicalId : constructPath.replace(/\/(Resource|Default)$/, '');
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
