import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, CfnElement, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { fakeBundle, roleStatements } from './helpers';
import { FunctionPreset, Microservice, ServerlessGraphqlApi, ServerlessRestApi, TableAccess } from '../../src';

const assetPath = fakeBundle();

/** The actions the function's role may call. */
function actionsOf(template: Template, fnId: string): string[] {
  return roleStatements(template, new RegExp(`^${fnId}Role`)).flatMap((s) => ([] as string[]).concat(s.Action));
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
      Environment: { Variables: { POWERTOOLS_SERVICE_NAME: 'orders', TABLE_NAME: Match.anyValue(), CORS_ALLOW_ORIGINS: '*' } },
    });
  });

  test('a publishing function may put only its declared detail types, under the service source', () => {
    const { stack, service } = orders();
    service.addFunction('Place', { assetPath, tableAccess: TableAccess.READ_WRITE, publishes: ['OrderPlaced'] });
    const template = Template.fromStack(stack);
    expect(roleStatements(template, /^OrdersPlaceRole/)).toContainEqual({
      Action: 'events:PutEvents',
      Effect: 'Allow',
      Resource: { 'Fn::GetAtt': [expect.stringMatching(/^Bus/), 'Arn'] },
      Condition: { StringEquals: { 'events:source': 'orders', 'events:detail-type': ['OrderPlaced'] } },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ EVENT_SOURCE: 'orders', EVENT_BUS_NAME: Match.anyValue() }) },
    });
    expect(actionsOf(template, 'OrdersPlace')).toEqual(expect.arrayContaining(['dynamodb:PutItem']));
  });

  test('a route\'s function learns the origins CORS allows, to answer them itself (a proxy integration must)', () => {
    const stack = new Stack(new App({ builtinCloudFormationValidation: false }), 'Test');
    const api = new ServerlessRestApi(stack, 'Api', { cors: { allowOrigins: ['https://shop.example.com'], allowCredentials: true } });
    new Microservice(stack, 'Orders', { serviceName: 'orders', api }).addFunction('Show', { assetPath, route: { method: 'GET', path: '/orders' } });
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: { POWERTOOLS_SERVICE_NAME: 'orders', CORS_ALLOW_ORIGINS: 'https://shop.example.com', CORS_ALLOW_CREDENTIALS: 'true' } },
    });
  });

  test('a function without table access or events gets neither', () => {
    const { stack, service } = orders();
    service.addFunction('Ping', { assetPath, route: { method: 'GET', path: '/ping' } });
    const template = Template.fromStack(stack);
    expect(actionsOf(template, 'OrdersPing').filter((action) => !action.startsWith('xray:'))).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
    template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: { POWERTOOLS_SERVICE_NAME: 'orders', CORS_ALLOW_ORIGINS: '*' } } });
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

  test('a subscriber gets one rule per subscription, with retries and its dead-letter queue as the target\'s', () => {
    const { stack, service } = orders();
    service.addFunction('Ship', {
      assetPath,
      subscriptions: [
        { sources: ['payments'], detailTypes: ['PaymentReceived'], detail: { amount: [{ numeric: ['>', 0] }] } },
        { sources: ['orders'], detailTypes: ['OrderCancelled'], retryAttempts: 3, maxEventAge: Duration.hours(2) },
      ],
    });
    const template = Template.fromStack(stack);
    const dlq = { 'Fn::GetAtt': [Match.stringLikeRegexp('^OrdersShipDeadLetterQueue'), 'Arn'] };
    template.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: { Ref: Match.stringLikeRegexp('^Bus') },
      EventPattern: { 'source': ['payments'], 'detail-type': ['PaymentReceived'], 'detail': { amount: [{ numeric: ['>', 0] }] } },
      Targets: [Match.objectLike({
        Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OrdersShip'), 'Arn'] },
        DeadLetterConfig: { Arn: dlq },
        RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86400 },
      })],
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { 'source': ['orders'], 'detail-type': ['OrderCancelled'] },
      Targets: [Match.objectLike({ RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 7200 } })],
    });
    // EventBridge may invoke the function, and may send what it could not deliver to the queue
    template.hasResourceProperties('AWS::Lambda::Permission', { Principal: 'events.amazonaws.com', Action: 'lambda:InvokeFunction' });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'sqs:SendMessage', Principal: { Service: 'events.amazonaws.com' } })]) },
    });
  });

  test('a route that also subscribes gets a dead-letter queue for its asynchronous invocations', () => {
    const { stack, service } = orders();
    service.addFunction('Audit', { assetPath, route: { method: 'GET', path: '/audit' }, subscriptions: [{ detailTypes: ['OrderPlaced'] }] });
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      DeadLetterConfig: { TargetArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OrdersAuditDeadLetterQueue'), 'Arn'] } },
    });
  });

  test('a resolver function resolves its field on the GraphQL API, invoked synchronously so without a dead-letter queue', () => {
    const stack = new Stack(new App({ builtinCloudFormationValidation: false }), 'Test');
    const schemaFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'schema-')), 'schema.graphql');
    fs.writeFileSync(schemaFile, 'type Order { id: ID! }\ntype Query { order(id: ID!): Order }\n');
    const graphqlApi = new ServerlessGraphqlApi(stack, 'Graphql', { schemaFile });
    const service = new Microservice(stack, 'Orders', { serviceName: 'orders', graphqlApi });
    service.addFunction('Order', { assetPath, resolver: { typeName: 'Query', fieldName: 'order' } });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::AppSync::Resolver', { TypeName: 'Query', FieldName: 'order' });
    template.resourceCountIs('AWS::SQS::Queue', 0);
    expect(() => new Microservice(stack, 'Bare', { serviceName: 'bare' }).addFunction('Order', { assetPath, resolver: { typeName: 'Query', fieldName: 'order' } }))
      .toThrow("Test/Bare/Order: `resolver` Query.order needs the service's `graphqlApi`.");
  });

  test.each([
    ['an empty pattern', {}, 'must name `sources` or `detailTypes`'],
    ['too many retries', { detailTypes: ['X'], retryAttempts: 186 }, '.retryAttempts must be a whole number from 0 to 185; got 186.'],
    ['a too long event age', { detailTypes: ['X'], maxEventAge: Duration.hours(25) }, '.maxEventAge must be from 1 minute to 24 hours; got 1 day 1 hour.'],
  ])('rejects a subscription with %s', (_case, subscription, message) => {
    const { service } = orders();
    expect(() => service.addFunction('Ship', { assetPath, subscriptions: [subscription] })).toThrow(message);
  });

  test.each([
    ['a route without an api', { route: { method: 'GET', path: '/x' } }, '`route` GET /x needs the service\'s `api`.'],
    ['table access without a table', { tableAccess: TableAccess.READ }, '`tableAccess` READ needs the service\'s `table`.'],
    ['events without a bus', { publishes: ['X'] }, '`publishes` X needs the service\'s `eventBus`.'],
    ['subscriptions without a bus', { subscriptions: [{ detailTypes: ['X'] }] }, '`subscriptions[0]` needs the service\'s `eventBus`.'],
  ])('rejects %s, naming the prop', (_case, props, message) => {
    const stack = new Stack(new App({ builtinCloudFormationValidation: false }), 'Test');
    const bare = new Microservice(stack, 'Bare', { serviceName: 'bare' });
    expect(() => bare.addFunction('Fn', { assetPath, ...props })).toThrow(`Test/Bare/Fn: ${message}`);
  });
});

test('a function its caller invokes synchronously (a state machine) gets no dead-letter queue', () => {
  const stack = new Stack(new App({ builtinCloudFormationValidation: false }), 'Test');
  new Microservice(stack, 'Orders', { serviceName: 'orders' }).addFunction('Validate', { assetPath, synchronousCaller: 'the order-processing workflow' });
  Template.fromStack(stack).resourceCountIs('AWS::SQS::Queue', 0);
});

describe('Microservice data features', () => {
  function service(table?: dynamodb.StreamViewType) {
    const stack = new Stack(new App({ builtinCloudFormationValidation: false }), 'Test');
    const ingest = new Microservice(stack, 'Ingest', {
      serviceName: 'ingest',
      table: { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING }, stream: table },
    });
    return { stack, ingest };
  }

  test('a table with a stream view has a stream of that view; without one it has none', () => {
    const withStream = Template.fromStack(service(dynamodb.StreamViewType.NEW_AND_OLD_IMAGES).stack);
    withStream.hasResourceProperties('AWS::DynamoDB::Table', { StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' } });
    const without = Template.fromStack(service().stack);
    without.hasResourceProperties('AWS::DynamoDB::Table', { StreamSpecification: Match.absent() });
  });

  test('functions with idempotency share one table: key id, TTL on expiration, the four item actions, its name in their environment', () => {
    const { stack, ingest } = service();
    const first = ingest.addFunction('First', { assetPath, idempotency: true });
    ingest.addFunction('Second', { assetPath, idempotency: true });
    ingest.addFunction('Plain', { assetPath });
    const template = Template.fromStack(stack);
    const tableId = stack.getLogicalId(ingest.idempotencyTable!.node.defaultChild as CfnElement);
    template.resourceCountIs('AWS::DynamoDB::Table', 2);
    template.hasResource('AWS::DynamoDB::Table', {
      Properties: {
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        TimeToLiveSpecification: { AttributeName: 'expiration', Enabled: true },
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      },
      DeletionPolicy: 'Delete',
    });
    for (const id of ['First', 'Second']) {
      expect(actionsOf(template, `Ingest${id}`).sort()).toEqual(expect.arrayContaining(['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']));
    }
    expect(actionsOf(template, 'IngestPlain').filter((action) => action.startsWith('dynamodb:'))).toEqual([]);
    const environment = Template.fromStack(stack).findResources('AWS::Lambda::Function');
    const variablesOf = (fn: lambda.Function) => environment[stack.getLogicalId(fn.node.defaultChild as CfnElement)].Properties.Environment.Variables;
    expect(variablesOf(first)).toMatchObject({ IDEMPOTENCY_TABLE_NAME: { Ref: tableId } });
  });

  test('no idempotency table until a function asks for one', () => {
    const { stack, ingest } = service();
    ingest.addFunction('Plain', { assetPath });
    expect(ingest.idempotencyTable).toBeUndefined();
    Template.fromStack(stack).resourceCountIs('AWS::DynamoDB::Table', 1);
  });
});
