import { App, CfnElement, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { fakeBundle } from './helpers';
import { FunctionPreset, Microservice, ServerlessRestApi, TableAccess } from '../../src';

const assetPath = fakeBundle();

/** The actions the function's role may call, from its inline policy. */
function actionsOf(template: Template, fnId: string): string[] {
  const policies = template.findResources('AWS::IAM::Policy', { Properties: { PolicyName: Match.stringLikeRegexp(`^${fnId}RoleDefaultPolicy`) } });
  return Object.values(policies).flatMap((policy: any) => policy.Properties.PolicyDocument.Statement.flatMap((s: any) => [].concat(s.Action)));
}

describe('Microservice', () => {
  function orders() {
    const stack = new Stack(new App({ builtinCloudFormationValidation: false }), 'Test');
    const api = new ServerlessRestApi(stack, 'Api');
    const eventBus = new events.EventBus(stack, 'Bus');
    const service = new Microservice(stack, 'Orders', {
      serviceName: 'orders',
      table: { partitionKey: { name: 'orderId', type: dynamodb.AttributeType.STRING } },
      api,
      eventBus,
      functionDefaults: { preset: FunctionPreset.IO_BOUND, architecture: lambda.Architecture.ARM_64 },
    });
    return { stack, service };
  }

  test('its table: on-demand, point-in-time recovery, encrypted, retained', () => {
    const { stack } = orders();
    const template = Template.fromStack(stack);
    template.hasResource('AWS::DynamoDB::Table', {
      Properties: {
        KeySchema: [{ AttributeName: 'orderId', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
      },
      DeletionPolicy: 'Retain',
    });
  });

  test('a read-only function gets read actions and the table name, nothing that writes', () => {
    const { stack, service } = orders();
    service.addFunction('Show', { assetPath, tableAccess: TableAccess.READ, route: { method: 'GET', path: '/orders/{orderId}' } });
    const template = Template.fromStack(stack);
    const actions = actionsOf(template, 'OrdersShow');
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query']));
    expect(actions.filter((action) => action.startsWith('dynamodb:') && /Put|Update|Delete|Write/.test(action))).toEqual([]);
    template.hasResourceProperties('AWS::Lambda::Function', {
      MemorySize: 512,
      Environment: { Variables: { POWERTOOLS_SERVICE_NAME: 'orders', TABLE_NAME: Match.anyValue() } },
    });
  });

  test('a publishing function may put only its declared detail types, under the service source', () => {
    const { stack, service } = orders();
    service.addFunction('Place', { assetPath, tableAccess: TableAccess.READ_WRITE, publishes: ['OrderPlaced'] });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([{
          Action: 'events:PutEvents',
          Effect: 'Allow',
          Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Bus'), 'Arn'] },
          Condition: { StringEquals: { 'events:source': 'orders', 'events:detail-type': ['OrderPlaced'] } },
        }]),
      },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ EVENT_SOURCE: 'orders', EVENT_BUS_NAME: Match.anyValue() }) },
    });
    expect(actionsOf(template, 'OrdersPlace')).toEqual(expect.arrayContaining(['dynamodb:PutItem']));
  });

  test('a function without table access or events gets neither', () => {
    const { stack, service } = orders();
    service.addFunction('Ping', { assetPath, route: { method: 'GET', path: '/ping' } });
    const template = Template.fromStack(stack);
    expect(actionsOf(template, 'OrdersPing').filter((action) => !action.startsWith('xray:'))).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
    template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: { POWERTOOLS_SERVICE_NAME: 'orders' } } });
  });

  test('a LATENCY_SENSITIVE route invokes the live alias, where the provisioned environments are', () => {
    const { stack, service } = orders();
    const fn = service.addFunction('Show', { assetPath, preset: FunctionPreset.LATENCY_SENSITIVE, route: { method: 'GET', path: '/orders/{orderId}' } });
    const template = Template.fromStack(stack);
    const aliasId = stack.getLogicalId(fn.liveAlias!.node.defaultChild as CfnElement);
    const methods = template.findResources('AWS::ApiGateway::Method', { Properties: { HttpMethod: 'GET' } });
    expect(JSON.stringify(Object.values(methods)[0])).toContain(aliasId);
  });

  test('a function without a route (invoked asynchronously) gets an encrypted, TLS-only dead-letter queue', () => {
    const { stack, service } = orders();
    service.addFunction('Nightly', { assetPath });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 1209600 });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: { Statement: [Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })] },
    });
    template.hasResourceProperties('AWS::Lambda::Function', { DeadLetterConfig: { TargetArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OrdersNightlyDeadLetterQueue'), 'Arn'] } } });
  });

  test.each([
    ['a route without an api', { route: { method: 'GET', path: '/x' } }, '`route` GET /x needs the service\'s `api`.'],
    ['table access without a table', { tableAccess: TableAccess.READ }, '`tableAccess` READ needs the service\'s `table`.'],
    ['events without a bus', { publishes: ['X'] }, '`publishes` X needs the service\'s `eventBus`.'],
  ])('rejects %s, naming the prop', (_case, props, message) => {
    const stack = new Stack(new App({ builtinCloudFormationValidation: false }), 'Test');
    const bare = new Microservice(stack, 'Bare', { serviceName: 'bare' });
    expect(() => bare.addFunction('Fn', { assetPath, ...props })).toThrow(`Test/Bare/Fn: ${message}`);
  });
});
