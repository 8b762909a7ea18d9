/**
 * The REST APIs' deployments: every route is in its stage's deployment, and a route change
 * deploys again. What a hand-made split of an API across stacks gets wrong (a method added to an
 * imported API is in no deployment; a deployment whose logical id does not change is not
 * deployed again), written once for both layouts.
 */
import { functionRef } from './helpers';
import { AppModel, FunctionModel } from '../../model';
import { lines, str } from '../typescript';

/** Static: the deployment of the route's API includes its method and waits for the stack that holds it. */
const IN_DEPLOYMENT_TEST = [
  "  test.each(routes)('$route: in the stage\\'s deployment, which waits for the stack that holds it', ({ api, route }) => {",
  '    // one of the API\'s own methods (CDK adds each to the deployment\'s logical id), not one of an imported API',
  '    const node = methodNode(api, route);',
  '    const deployment = api.api.latestDeployment!;',
  '    const waitsFor = Stack.of(node) === Stack.of(deployment) ? node : (Stack.of(node) as NestedStack).nestedStackResource!;',
  '    expect(resourceOf(deployment).DependsOn).toContain(logicalId(waitsFor));',
  '  });',
].join('\n');

/** The deployment tests of the REST API section, which defines `routes` and `methodNode`. */
export function renderDeploymentTests(app: AppModel): string {
  const probes = app.api.instances
    .map((instance) => ({ instance, fn: app.functions.find((fn) => fn.route && app.services.find((s) => s.name === fn.service)!.api === instance) }))
    .filter((probe): probe is { instance: typeof probe.instance; fn: FunctionModel } => probe.fn !== undefined);
  return lines(
    '',
    app.serviceStacks
      ? IN_DEPLOYMENT_TEST
      : IN_DEPLOYMENT_TEST.replace('(Stack.of(node) as NestedStack).nestedStackResource!', 'node'),
    probes.length > 0 && lines(
      '',
      '  test(\'a route change deploys again: a route added changes the logical id of its API\\\'s deployment\', () => {',
      '    // the app once more, unsynthesized, with a route added to each API, in the stack of one of its functions',
      `    const probe = new ${app.stackClassName}(new App({ context: CDK_CONTEXT, builtinCloudFormationValidation: false }), 'Test');`,
      `    const deploymentIds = (s: ${app.stackClassName}) => [${probes.map(({ instance }) => `s.${instance.propertyName}`).join(', ')}]`,
      '      .map((api) => s.resolve((api.api.latestDeployment!.node.defaultChild as CfnElement).logicalId));',
      '    const before = deploymentIds(probe);',
      ...probes.map(({ instance, fn }) =>
        `    probe.${instance.propertyName}.addRoute({ method: 'GET', path: ${str(`/route-change-probe-${fn.service}`)} }, ${functionRef(fn, app).replace(/^stack\./, 'probe.')});`),
      '    const after = deploymentIds(probe);',
      '    after.forEach((id, index) => expect(id).not.toBe(before[index]));',
      '  });',
    ),
  );
}
