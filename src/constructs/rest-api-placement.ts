import { Aspects, Stack, Validations } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { InlinePolicyRole } from './inline-policy-role';

/**
 * Where the resources, methods and models of a REST API's routes go: into the stack of what a
 * route belongs to (its function, its queue).
 *
 * In the API's own stack, through the API's own constructs (`addResource`, `addMethod`,
 * `addModel`), with the logical ids of a one-stack app. In another stack, a service's nested
 * stack, through constructs created there on the API's resources (as aws-cdk-lib's guide to
 * splitting a large API across stacks does, with the API itself rather than an import of it): the
 * stack holds and counts its own routes; every method is still one of the API's, so CDK hashes it
 * into the deployment's logical id and makes the deployment wait for the stack; new resources
 * inherit the API's CORS preflight. A path segment is created once, by the first route under it;
 * later routes, in any stack, build on it.
 */
export class RoutePlacement {
  private readonly resources = new Map<string, apigateway.IResource>();
  private readonly holders = new Map<Stack, Construct>();
  private readonly invokeRoles = new Map<Stack, InlinePolicyRole>();

  constructor(private readonly owner: Construct, private readonly api: apigateway.RestApi) {}

  /** The resource of `path` for a route of `scope`, with what is missing created in `scope`'s stack. */
  public resourceFor(scope: IConstruct, path: string): apigateway.IResource {
    const stack = Stack.of(scope);
    let resource: apigateway.IResource = this.api.root;
    let current = '';
    for (const part of path.split('/').filter((segment) => segment !== '')) {
      current += `/${part}`;
      const existing = this.resources.get(current) ?? resource.getResource(part);
      resource = existing ?? (Stack.of(resource) === stack
        ? resource.addResource(part)
        : new apigateway.Resource(this.holderIn(stack), `Resource ${idOf(current)}`, { parent: resource, pathPart: part }));
      this.resources.set(current, resource);
    }
    return resource;
  }

  /** A method on the resource of `path`, in `scope`'s stack. */
  public addMethod(
    scope: IConstruct,
    path: string,
    httpMethod: string,
    integration: apigateway.Integration,
    options: apigateway.MethodOptions,
  ): apigateway.Method {
    const stack = Stack.of(scope);
    const resource = this.resourceFor(scope, path);
    return Stack.of(resource) === stack
      ? resource.addMethod(httpMethod, integration, options)
      : new apigateway.Method(this.holderIn(stack), `${httpMethod} ${idOf(path)}`, { resource, httpMethod, integration, options });
  }

  /** A model of the API, in `scope`'s stack. */
  public addModel(scope: IConstruct, id: string, props: apigateway.ModelOptions): apigateway.Model {
    const stack = Stack.of(scope);
    return stack === Stack.of(this.api)
      ? this.api.addModel(id, props)
      : new apigateway.Model(this.holderIn(stack), id, { restApi: this.api, ...props });
  }

  /**
   * The role API Gateway invokes the functions of `scope`'s stack with, one per stack: one
   * statement per function it routes to, instead of a Lambda permission per method.
   */
  public invokeRoleFor(scope: IConstruct): iam.IRole {
    const stack = Stack.of(scope);
    let role = this.invokeRoles.get(stack);
    if (!role) {
      role = new InlinePolicyRole(stack === Stack.of(this.api) ? this.owner : this.holderIn(stack), 'InvokeRole', {
        assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com'),
        description: `API Gateway invokes the functions of the routes of ${this.owner.node.path} in ${stack.node.path} with this role`,
      });
      this.invokeRoles.set(stack, role);
    }
    return role;
  }

  /** The construct that holds the API's resources, methods and models in a stack other than the API's. */
  private holderIn(stack: Stack): Construct {
    let holder = this.holders.get(stack);
    if (!holder) {
      // `ApiRoutes`: the API's path in its own stack, which tells one API from another
      const apiPath = this.owner.node.scopes.slice(this.owner.node.scopes.indexOf(Stack.of(this.owner)) + 1).map((scope) => scope.node.id).join('');
      holder = new Construct(stack, `${apiPath}Routes`);
      this.holders.set(stack, holder);
      // what is acknowledged on the API (public routes, say) holds for its routes in every stack
      const routes = holder;
      Aspects.of(routes).add({ visit: (node) => node === routes && acknowledgeAs(this.owner, routes) });
    }
    return holder;
  }
}

/** A path as a construct id: `/items/{id}` is `items|{id}` (`|` is in no path part, `/` is in no id). */
function idOf(path: string): string {
  return path === '/' ? '|' : path.slice(1).replace(/\//g, '|');
}

/** Acknowledges on `to` every rule acknowledged on `from` itself, with its reason. */
function acknowledgeAs(from: IConstruct, to: IConstruct): void {
  const acknowledged = from.node.metadata
    .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap((entry) => Object.entries(entry.data as Record<string, string>));
  if (acknowledged.length > 0) {
    Validations.of(to).acknowledge(...acknowledged.map(([id, reason]) => ({ id, reason })));
  }
}
