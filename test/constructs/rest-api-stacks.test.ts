import { App, CfnElement, NestedStack, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { AwsSolutionsChecks, NagPack, ServerlessChecks } from 'cdk-nag';
import { fakeBundle, roleStatements } from './helpers';
import { AuthorizerType, Microservice, QueueApi, ServerlessRestApi, ServiceFunction } from '../../src';
import { ServerlessPatternsChecks } from '../../src/checks';

const assetPath = fakeBundle();

/** The app's stack with the shared API, and a nested stack per service, as a `ServerlessApp` with `serviceStacks` makes it. */
function app(props: { authorizer?: boolean } = {}) {
  const stack = new Stack(new App({ builtinCloudFormationValidation: false }), 'Test');
  const authorizer = props.authorizer ? new ServiceFunction(stack, 'Authorizer', { assetPath }) : undefined;
  const api = new ServerlessRestApi(stack, 'Api', authorizer && { authorizer: { handler: authorizer, type: AuthorizerType.TOKEN } });
  const service = (name: string) => new Microservice(new NestedStack(stack, `${name}Stack`), `${name}Service`, {
    serviceName: name,
    api,
    table: { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING } },
  });
  return { stack, api, service };
}

/** The logical id of a construct's resource, overrides included. */
function idOf(construct: { node: { defaultChild?: unknown } }): string {
  const resource = (construct.node.defaultChild ?? construct) as CfnElement;
  return Stack.of(resource).resolve(resource.logicalId);
}

function deploymentId(api: ServerlessRestApi): string {
  return idOf(api.api.latestDeployment!);
}

describe('ServerlessRestApi with routes in nested stacks', () => {
  test('a route goes into the stack of its function: resource, method, CORS preflight; the API\'s stack holds none of them', () => {
    // GIVEN
    const { stack, service } = app();
    const items = service('Items');

    // WHEN
    items.addFunction('List', { assetPath, route: { method: 'GET', path: '/items' } });

    // THEN
    const nested = Template.fromStack(Stack.of(items) as NestedStack);
    nested.resourceCountIs('AWS::ApiGateway::Resource', 1);
    nested.hasResourceProperties('AWS::ApiGateway::Method', { HttpMethod: 'GET' });
    nested.hasResourceProperties('AWS::ApiGateway::Method', { HttpMethod: 'OPTIONS', Integration: { Type: 'MOCK' } });
    const parent = Template.fromStack(stack);
    parent.resourceCountIs('AWS::ApiGateway::Resource', 0);
    // the root's own preflight only
    parent.resourceCountIs('AWS::ApiGateway::Method', 1);
  });

  test('no Lambda permission per method: API Gateway invokes with a role of the service\'s stack that may invoke its routed functions, nothing else', () => {
    const { service } = app();
    const items = service('Items');
    const list = items.addFunction('List', { assetPath, route: { method: 'GET', path: '/items' } });
    const create = items.addFunction('Create', { assetPath, route: { method: 'POST', path: '/items' } });
    items.addFunction('Nightly', { assetPath });

    const nested = Template.fromStack(Stack.of(items) as NestedStack);
    nested.resourceCountIs('AWS::Lambda::Permission', 0);
    const [roleId] = Object.keys(nested.findResources('AWS::IAM::Role', {
      Properties: { AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'apigateway.amazonaws.com' } })] } },
    }));
    const statements = roleStatements(nested, roleId);
    expect(statements.flatMap((statement) => [].concat(statement.Action as never))).toEqual(['lambda:InvokeFunction', 'lambda:InvokeFunction']);
    expect(statements.flatMap((statement) => [].concat(statement.Resource as never))).toEqual([
      { 'Fn::GetAtt': [idOf(list), 'Arn'] },
      { 'Fn::GetAtt': [idOf(create), 'Arn'] },
    ]);
    nested.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'GET',
      Integration: { Type: 'AWS_PROXY', Credentials: { 'Fn::GetAtt': [roleId, 'Arn'] } },
    });
  });

  test('a path segment is created once, by the first route under it; a later service builds on it from its own stack', () => {
    const { service } = app();
    const orders = service('Orders');
    const shipping = service('Shipping');
    orders.addFunction('Get', { assetPath, route: { method: 'GET', path: '/orders/{id}' } });
    shipping.addFunction('Track', { assetPath, route: { method: 'GET', path: '/orders/{id}/shipping' } });

    Template.fromStack(Stack.of(orders) as NestedStack).resourceCountIs('AWS::ApiGateway::Resource', 2);
    const theirs = Template.fromStack(Stack.of(shipping) as NestedStack);
    theirs.resourceCountIs('AWS::ApiGateway::Resource', 1);
    // its parent is the orders stack's /orders/{id}, passed in as a parameter
    theirs.hasResourceProperties('AWS::ApiGateway::Resource', { PathPart: 'shipping', ParentId: { Ref: Match.stringLikeRegexp('Resourceordersid') } });
  });

  test('the deployment waits for every stack with a route, and a route changed in a nested stack changes its logical id', () => {
    const build = (path: string) => {
      const { stack, api, service } = app();
      const items = service('Items');
      items.addFunction('List', { assetPath, route: { method: 'GET', path } });
      return { stack, api, items };
    };
    const { stack, api, items } = build('/items');
    Template.fromStack(stack).hasResource('AWS::ApiGateway::Deployment', {
      DependsOn: Match.arrayWith([idOf((Stack.of(items) as NestedStack).nestedStackResource!)]),
    });
    const again = build('/items');
    const changed = build('/things');
    expect(deploymentId(again.api)).toBe(deploymentId(api));
    expect(deploymentId(changed.api)).not.toBe(deploymentId(api));
  });

  test('what is acknowledged on the API reaches its routes in every stack; the authorizer guards them', () => {
    const { stack, service } = app({ authorizer: true });
    const items = service('Items');
    items.addFunction('List', { assetPath, route: { method: 'GET', path: '/items' } });
    items.addFunction('Health', { assetPath, route: { method: 'GET', path: '/health', authorize: false } });

    Template.fromStack(Stack.of(items) as NestedStack).hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'GET',
      AuthorizationType: 'CUSTOM',
      AuthorizerId: { Ref: Match.stringLikeRegexp('Authorizer') },
    });
    const errors = (pack: NagPack) => pack.validateScope(stack).violations
      .filter((violation) => violation.severity === 'error')
      .map((violation) => `${violation.ruleName} at ${violation.violatingResources.map((r) => r.constructPath).join(', ')}`);
    expect([new AwsSolutionsChecks(), new ServerlessPatternsChecks()].flatMap(errors)).toEqual([]);
    // the authorizer function's dead-letter queue is the generated stack's to acknowledge
    expect(errors(new ServerlessChecks())).toEqual(['Serverless-LambdaDLQ at Test/Authorizer/Resource']);
  });

  test('a queue route goes into the stack of its queue, with its model', () => {
    const { stack, api, service } = app();
    const orders = service('Orders');
    new QueueApi(orders, 'Incoming', { api, path: '/orders/incoming', bodySchema: { type: apigateway.JsonSchemaType.OBJECT } });

    const nested = Template.fromStack(Stack.of(orders) as NestedStack);
    nested.hasResourceProperties('AWS::ApiGateway::Method', { HttpMethod: 'POST', Integration: { Type: 'AWS' } });
    nested.resourceCountIs('AWS::ApiGateway::Model', 1);
    Template.fromStack(stack).resourceCountIs('AWS::ApiGateway::Model', 0);
  });
});

describe('resources per routed function', () => {
  /** Resources of an app with `n` routed functions, each on a path of its own (the most a route can cost), CORS on. */
  function count(n: number, nested: boolean): number {
    const { stack, api, service } = app();
    const items = nested ? service('Items') : new Microservice(stack, 'ItemsService', { serviceName: 'items', api });
    for (let i = 0; i < n; i++) {
      items.addFunction(`Fn${i}`, { assetPath, route: { method: 'GET', path: `/fn${i}` } });
    }
    const stacks = [stack, ...stack.node.findAll().filter((c): c is NestedStack => c instanceof NestedStack)];
    return stacks.reduce((total, s) => total + Object.keys(Template.fromStack(s).toJSON().Resources).length, 0);
  }

  test.each([['one stack', false], ['a nested stack per service', true]])('%s: 6 each, CORS included (function, role, log group, method, resource, preflight)', (_layout, nested) => {
    expect((count(11, nested as boolean) - count(1, nested as boolean)) / 10).toBe(6);
  });
});
