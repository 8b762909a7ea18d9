import { App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { AwsSolutionsChecks, NagPack, ServerlessChecks } from 'cdk-nag';
import { acknowledged, fakeBundle, roleStatements } from './helpers';
import { ServerlessPatternsChecks } from '../../src/checks';
import {
  FunctionPreset,
  QueueApi,
  QueueApiProps,
  RequestSchemas,
  ServerlessRestApi,
  ServerlessRestApiProps,
  ServiceFunction,
} from '../../src/constructs';

const assetPath = fakeBundle();

const ORDER_SCHEMA = RequestSchemas.fromObject({
  $schema: 'http://json-schema.org/draft-04/schema#',
  type: 'object',
  required: ['orderId'],
  properties: { orderId: { type: 'string' } },
});

function stack(): Stack {
  return new Stack(new App({ builtinCloudFormationValidation: false }), 'Test');
}

/** A stack with an API and a `QueueApi` on POST /orders with `props`. */
function queueApi(props: Partial<QueueApiProps> = {}, apiProps: ServerlessRestApiProps = {}) {
  const scope = stack();
  const api = new ServerlessRestApi(scope, 'Api', apiProps);
  const orders = new QueueApi(scope, 'Orders', { api, path: '/orders', authorize: false, ...props });
  return { scope, api, orders, template: Template.fromStack(scope) };
}

/** The properties of the method of `httpMethod`. */
function methodOf(template: Template, httpMethod = 'POST'): any {
  const [method] = Object.values(template.findResources('AWS::ApiGateway::Method', { Properties: { HttpMethod: httpMethod } }));
  return method.Properties;
}


const queueArn = { 'Fn::GetAtt': [Match.stringLikeRegexp('^OrdersQueue'), 'Arn'] };

describe('QueueApi integration', () => {
  test('POST /orders sends the body to SQS SendMessage directly, as a form post, under its own role', () => {
    // GIVEN / WHEN
    const { template } = queueApi();

    // THEN
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'POST',
      ResourceId: { Ref: Match.stringLikeRegexp('^Apiorders') },
      Integration: Match.objectLike({
        Type: 'AWS',
        IntegrationHttpMethod: 'POST',
        Uri: {
          'Fn::Join': ['', [
            'arn:', { Ref: 'AWS::Partition' }, ':apigateway:', { Ref: 'AWS::Region' }, ':sqs:path/', { Ref: 'AWS::AccountId' }, '/',
            { 'Fn::GetAtt': [Match.stringLikeRegexp('^OrdersQueue'), 'QueueName'] },
          ]],
        },
        Credentials: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OrdersRole'), 'Arn'] },
        PassthroughBehavior: 'NEVER',
        RequestParameters: { 'integration.request.header.Content-Type': "'application/x-www-form-urlencoded'" },
        RequestTemplates: { 'application/json': 'Action=SendMessage&MessageBody=$util.urlEncode($input.body)' },
      }),
    });
  });

  test('the role may be assumed by API Gateway and do exactly one thing: sqs:SendMessage on the queue', () => {
    const { template } = queueApi();
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Action: 'sts:AssumeRole', Principal: { Service: 'apigateway.amazonaws.com' } })] },
      ManagedPolicyArns: Match.absent(),
    });
    // in the role's own policy: one resource, no AWS::IAM::Policy
    template.resourceCountIs('AWS::IAM::Policy', 0);
    expect(roleStatements(template, /^OrdersRole/)).toEqual([{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: { 'Fn::GetAtt': [expect.stringMatching(/^OrdersQueue/), 'Arn'] } }]);
  });

  test('the body is checked against `bodySchema` by the API\'s validator before anything is queued', () => {
    const { template } = queueApi({ bodySchema: ORDER_SCHEMA });
    template.hasResourceProperties('AWS::ApiGateway::Model', {
      Name: 'PostOrdersRequest',
      ContentType: 'application/json',
      Schema: { $schema: 'http://json-schema.org/draft-04/schema#', type: 'object', required: ['orderId'], properties: { orderId: { type: 'string' } } },
    });
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'POST',
      RequestValidatorId: { Ref: Match.stringLikeRegexp('^ApiRequestValidator') },
      RequestModels: { 'application/json': { Ref: Match.stringLikeRegexp('^ApiPostOrdersQueueModel') } },
    });
    template.hasResourceProperties('AWS::ApiGateway::RequestValidator', { ValidateRequestBody: true, ValidateRequestParameters: true });
  });

  test('without `bodySchema`: no model, the validator still requires the path parameters', () => {
    const { template } = queueApi({ path: '/tenants/{tenantId}/orders', method: 'put' });
    template.resourceCountIs('AWS::ApiGateway::Model', 0);
    expect(methodOf(template, 'PUT')).toMatchObject({
      RequestValidatorId: { Ref: expect.stringMatching(/^ApiRequestValidator/) },
      RequestParameters: { 'method.request.path.tenantId': true },
    });
    expect(methodOf(template, 'PUT').RequestModels).toBeUndefined();
  });

  test('answers 200 with the message id, 400 when SQS refuses the message, 500 for any other SQS error; JSON bodies without SQS\'s own error', () => {
    const { template } = queueApi();
    const method = methodOf(template);
    expect(method.Integration.IntegrationResponses.map((r: any) => [r.StatusCode, r.SelectionPattern])).toEqual([
      ['200', undefined],
      ['400', '400'],
      ['500', '4(0[1-9]|[1-9][0-9])|5[0-9]{2}'],
    ]);
    const [ok, refused, failed] = method.Integration.IntegrationResponses.map((r: any) => r.ResponseTemplates['application/json']);
    expect(ok).toBe('{"messageId": "$input.path(\'$.SendMessageResponse.SendMessageResult.MessageId\')", "requestId": "$context.requestId"}');
    expect(refused).toBe('{"message": "The queue refused the message.", "requestId": "$context.requestId"}');
    expect(failed).toBe('{"message": "The message could not be queued.", "requestId": "$context.requestId"}');
    expect(method.MethodResponses.map((r: any) => r.StatusCode)).toEqual(['200', '400', '500']);
  });

  test.each([
    ['200', '200'],
    ['400', '400'],
    ['403', '500'],
    ['404', '500'],
    ['500', '500'],
    ['503', '500'],
  ])('SQS answering %s gives the caller %s', (sqsStatus, callerStatus) => {
    // API Gateway picks the response whose selection pattern matches the whole status, else the default one
    const responses: any[] = methodOf(queueApi().template).Integration.IntegrationResponses;
    const chosen = responses.find((r) => r.SelectionPattern && new RegExp(`^(?:${r.SelectionPattern})$`).test(sqsStatus))
      ?? responses.find((r) => r.SelectionPattern === undefined);
    expect(chosen.StatusCode).toBe(callerStatus);
  });
});

describe('QueueApi CORS and authorization', () => {
  test('with the default CORS (any origin) every response allows any origin', () => {
    const method = methodOf(queueApi().template);
    for (const response of method.Integration.IntegrationResponses) {
      expect(response.ResponseParameters).toEqual({ 'method.response.header.Access-Control-Allow-Origin': "'*'" });
    }
    for (const response of method.MethodResponses) {
      expect(response.ResponseParameters).toEqual({ 'method.response.header.Access-Control-Allow-Origin': true });
    }
  });

  test('with named origins the response echoes the caller\'s Origin when it is one of them, with credentials and Vary: Origin', () => {
    const method = methodOf(queueApi({}, { cors: { allowOrigins: ['https://shop.example.com', 'https://admin.example.com'], allowCredentials: true } }).template);
    const [ok] = method.Integration.IntegrationResponses;
    expect(ok.ResponseParameters).toEqual({
      'method.response.header.Vary': "'Origin'",
      'method.response.header.Access-Control-Allow-Credentials': "'true'",
    });
    expect(ok.ResponseTemplates['application/json']).toContain(
      '#if($origin == "https://shop.example.com" || $origin == "https://admin.example.com")#set($context.responseOverride.header.Access-Control-Allow-Origin = $origin)#end');
    expect(Object.keys(method.MethodResponses[0].ResponseParameters).sort()).toEqual([
      'method.response.header.Access-Control-Allow-Credentials',
      'method.response.header.Access-Control-Allow-Origin',
      'method.response.header.Vary',
    ]);
  });

  test('without CORS no CORS header', () => {
    const method = methodOf(queueApi({}, { cors: { enabled: false } }).template);
    expect(method.Integration.IntegrationResponses[0].ResponseParameters).toBeUndefined();
    expect(method.MethodResponses[0].ResponseParameters).toBeUndefined();
  });

  test('on an API with an authorizer the route is authorized by it unless declared public', () => {
    // GIVEN an API whose authorizer guards no Lambda route: the queue route is enough for it
    const scope = stack();
    const api = new ServerlessRestApi(scope, 'Api', { authorizer: { handler: new ServiceFunction(scope, 'Authorizer', { assetPath }) } });

    // WHEN
    const orders = new QueueApi(scope, 'Orders', { api, path: '/orders' });
    const health = new QueueApi(scope, 'Pings', { api, path: '/pings', authorize: false });

    // THEN
    const template = Template.fromStack(scope);
    expect(methodOf(template)).toMatchObject({ AuthorizationType: 'CUSTOM', AuthorizerId: { Ref: expect.stringMatching(/^ApiAuthorizer/) } });
    expect(acknowledged(orders.method)).toEqual(['AwsSolutions-COG4']);
    expect(acknowledged(health.method).sort()).toEqual(['AwsSolutions-APIG4', 'AwsSolutions-COG4']);
    const findings = new AwsSolutionsChecks().validateScope(scope).violations
      .filter((violation) => ['AwsSolutions-APIG4', 'AwsSolutions-COG4'].includes(violation.ruleName));
    expect(findings).toEqual([]);
  });

  test('without an authorizer a route not declared public is reported by cdk-nag (APIG4, COG4), not acknowledged', () => {
    const scope = stack();
    const api = new ServerlessRestApi(scope, 'Api');
    const orders = new QueueApi(scope, 'Orders', { api, path: '/orders' });
    expect(acknowledged(orders.method)).toEqual([]);
    const rules = new AwsSolutionsChecks().validateScope(scope).violations.map((violation) => violation.ruleName);
    expect(rules).toEqual(expect.arrayContaining(['AwsSolutions-APIG4', 'AwsSolutions-COG4']));
  });
});

describe('QueueApi queues', () => {
  test('the queue: SQS-encrypted, TLS-only, kept 4 days, to its dead-letter queue after 3 receives', () => {
    const { template } = queueApi();
    template.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 345600,
      VisibilityTimeout: 30,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OrdersDeadLetterQueue'), 'Arn'] }, maxReceiveCount: 3 },
    });
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 1209600, RedrivePolicy: Match.absent() });
    for (const prefix of ['OrdersQueue', 'OrdersDeadLetterQueue']) {
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: Match.stringLikeRegexp(`^${prefix}`) }],
        PolicyDocument: { Statement: [Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })] },
      });
    }
  });

  test('receive count and retention set', () => {
    const { template } = queueApi({ maxReceiveCount: 5, retentionPeriod: Duration.days(7) });
    template.hasResourceProperties('AWS::SQS::Queue', { MessageRetentionPeriod: 604800, RedrivePolicy: Match.objectLike({ maxReceiveCount: 5 }) });
  });

  test.each<[string, FunctionPreset, number]>([
    ['SIMPLE (10 s)', FunctionPreset.SIMPLE, 60],
    ['IO_BOUND (60 s)', FunctionPreset.IO_BOUND, 360],
  ])('with a %s consumer the visibility timeout is six of its timeouts', (_case, preset, seconds) => {
    const scope = stack();
    const consumer = new ServiceFunction(scope, 'Process', { assetPath, preset });
    new QueueApi(scope, 'Orders', { api: new ServerlessRestApi(scope, 'Api'), path: '/orders', authorize: false, consumer });
    Template.fromStack(scope).hasResourceProperties('AWS::SQS::Queue', { VisibilityTimeout: seconds, RedrivePolicy: Match.anyValue() });
  });

  test('a longer visibility timeout is kept; a shorter one is refused', () => {
    const scope = stack();
    const api = new ServerlessRestApi(scope, 'Api');
    const consumer = new ServiceFunction(scope, 'Process', { assetPath, timeout: Duration.seconds(20) });
    new QueueApi(scope, 'Orders', { api, path: '/orders', authorize: false, consumer, visibilityTimeout: Duration.minutes(5) });
    Template.fromStack(scope).hasResourceProperties('AWS::SQS::Queue', { VisibilityTimeout: 300, RedrivePolicy: Match.anyValue() });
    expect(() => new QueueApi(scope, 'Refunds', { api, path: '/refunds', authorize: false, consumer, visibilityTimeout: Duration.seconds(119) }))
      .toThrow('Test/Refunds: `visibilityTimeout` must be at least 6 times the timeout of `consumer` (2 minutes); got 1 minute 59 seconds.');
  });

  test('an imported consumer, whose timeout is unknown, needs `visibilityTimeout`', () => {
    const scope = stack();
    const api = new ServerlessRestApi(scope, 'Api');
    const consumer = lambda.Function.fromFunctionName(scope, 'Imported', 'process');
    expect(() => new QueueApi(scope, 'Orders', { api, path: '/orders', authorize: false, consumer }))
      .toThrow('Test/Orders: `visibilityTimeout` is needed: the timeout of `consumer` Test/Imported is not known here (an imported function); set it to at least 6 times that timeout.');
    new QueueApi(scope, 'Refunds', { api, path: '/refunds', authorize: false, consumer, visibilityTimeout: Duration.minutes(10) });
    Template.fromStack(scope).hasResourceProperties('AWS::SQS::Queue', { VisibilityTimeout: 600, RedrivePolicy: Match.anyValue() });
    // its role is not known: the grant is the user's to make
    Annotations.fromStack(scope).hasWarning('/Test/Refunds', Match.stringLikeRegexp('^`consumer` Test/Imported was imported without its role'));
  });
});

describe('QueueApi consumer', () => {
  test('batches of 10 with partial failures reported; it may receive and delete, never send', () => {
    const scope = stack();
    const consumer = new ServiceFunction(scope, 'Process', { assetPath, preset: FunctionPreset.IO_BOUND });
    const orders = new QueueApi(scope, 'Orders', { api: new ServerlessRestApi(scope, 'Api'), path: '/orders', authorize: false, consumer });
    const template = Template.fromStack(scope);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: queueArn,
      FunctionName: { Ref: Match.stringLikeRegexp('^Process') },
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MaximumBatchingWindowInSeconds: Match.absent(),
      ScalingConfig: Match.absent(),
      StartingPosition: Match.absent(),
    });
    const onQueue = roleStatements(template, /^ProcessRole/)
      .filter((statement: any) => JSON.stringify(statement.Resource).includes('OrdersQueue'));
    expect(onQueue.flatMap((statement: any) => statement.Action).sort()).toEqual([
      'sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage',
    ]);
    expect(orders.consumerMapping).toBeDefined();
  });

  test('larger batches gathered for a while, and a concurrency ceiling', () => {
    const scope = stack();
    const consumer = new ServiceFunction(scope, 'Process', { assetPath });
    new QueueApi(scope, 'Orders', {
      api: new ServerlessRestApi(scope, 'Api'),
      path: '/orders',
      authorize: false,
      consumer,
      batchSize: 100,
      maxBatchingWindow: Duration.seconds(10),
      maxConcurrency: 5,
    });
    Template.fromStack(scope).hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 100,
      MaximumBatchingWindowInSeconds: 10,
      ScalingConfig: { MaximumConcurrency: 5 },
    });
  });

  test('a consumer behind its live alias is invoked through the alias, which the mapping waits for', () => {
    const scope = stack();
    const consumer = new ServiceFunction(scope, 'Process', { assetPath, preset: FunctionPreset.LATENCY_SENSITIVE });
    new QueueApi(scope, 'Orders', { api: new ServerlessRestApi(scope, 'Api'), path: '/orders', authorize: false, consumer: consumer.invocable });
    const [mapping] = Object.values(Template.fromStack(scope).findResources('AWS::Lambda::EventSourceMapping'));
    expect(JSON.stringify(mapping.Properties.FunctionName)).toContain('":live"');
    expect(mapping.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^ProcessLiveAlias/)]));
  });

  test('without a consumer no mapping', () => {
    const { template, orders } = queueApi();
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', 0);
    expect(orders.consumerMapping).toBeUndefined();
  });
});

describe('QueueApi props', () => {
  test.each<[string, Partial<QueueApiProps>, string]>([
    ['a method without a body', { method: 'GET' }, '`method` must be POST, PUT, PATCH: the request body is the message; got GET.'],
    ['a path without a leading slash', { path: 'orders' }, '`path` must start with \'/\'; got \'orders\'.'],
    ['`authorize` without an authorizer', { authorize: true }, '`authorize` is true but the API has no `authorizer`.'],
    ['consumer settings without a consumer', { batchSize: 5, maxConcurrency: 2 }, '`batchSize`, `maxConcurrency` configure the `consumer`, which is not set.'],
    ['no receive', { maxReceiveCount: 0 }, '`maxReceiveCount` must be a whole number from 1 to 1000; got 0.'],
    ['a retention too long', { retentionPeriod: Duration.days(15) }, '`retentionPeriod` must be from 1 minute to 14 days; got 15 days.'],
    ['a visibility too long', { visibilityTimeout: Duration.hours(13) }, '`visibilityTimeout` must be from 0 seconds to 12 hours; got 13 hours.'],
  ])('fails on %s, naming the prop', (_case, props, message) => {
    const scope = stack();
    const api = new ServerlessRestApi(scope, 'Api');
    expect(() => new QueueApi(scope, 'Orders', { api, path: '/orders', ...props })).toThrow(`Test/Orders: ${message}`);
  });

  test.each<[string, Partial<QueueApiProps>, string]>([
    ['a batch above 10 without a window', { batchSize: 11 }, '`batchSize` above 10 needs a `maxBatchingWindow` of at least 1 second; got 11 without one.'],
    ['an empty batch', { batchSize: 0 }, '`batchSize` must be a whole number from 1 to 10000; got 0.'],
    ['a batching window too long', { maxBatchingWindow: Duration.minutes(6) }, '`maxBatchingWindow` must be from 0 seconds to 5 minutes; got 6 minutes.'],
    ['a concurrency of one', { maxConcurrency: 1 }, '`maxConcurrency` must be a whole number from 2 to 1000; got 1.'],
  ])('fails on a consumer with %s, naming the prop', (_case, props, message) => {
    const scope = stack();
    const api = new ServerlessRestApi(scope, 'Api');
    const consumer = new ServiceFunction(scope, 'Process', { assetPath });
    expect(() => new QueueApi(scope, 'Orders', { api, path: '/orders', consumer, ...props })).toThrow(`Test/Orders: ${message}`);
  });

  test('an origin that cannot be written into the response template is refused', () => {
    const scope = stack();
    const api = new ServerlessRestApi(scope, 'Api', { cors: { allowOrigins: ['https://a.example.com"'] } });
    expect(() => new QueueApi(scope, 'Orders', { api, path: '/orders', authorize: false }))
      .toThrow('Test/Orders: route POST /orders: the API\'s `cors.allowOrigins` entry \'https://a.example.com"\' cannot be written into the response template');
  });
});

describe('QueueApi and cdk-nag', () => {
  /** A stack with a public queue route processed by a consumer. */
  function app(): { scope: Stack; orders: QueueApi; consumer: ServiceFunction } {
    const scope = stack();
    const consumer = new ServiceFunction(scope, 'Process', { assetPath, preset: FunctionPreset.IO_BOUND });
    const api = new ServerlessRestApi(scope, 'Api');
    const orders = new QueueApi(scope, 'Orders', { api, path: '/orders', authorize: false, bodySchema: ORDER_SCHEMA, consumer });
    return { scope, orders, consumer };
  }

  test.each<[string, () => NagPack, string[]]>([
    // APIG3 (WAF) is a warning, the app's choice, as for every ServerlessRestApi
    ['AwsSolutions', () => new AwsSolutionsChecks(), ['warning AwsSolutions-APIG3']],
    ['Serverless', () => new ServerlessChecks(), []],
    ['ServerlessPatterns', () => new ServerlessPatternsChecks(), []],
  ])('%s: no unacknowledged findings', (_pack, pack, expected) => {
    const findings = pack().validateScope(app().scope).violations.map((violation) => `${violation.severity} ${violation.ruleName}`);
    expect(findings).toEqual(expected);
  });

  test('acknowledged precisely: the dead-letter queue\'s own redrive, the SQS mapping\'s destination, the consumer\'s dead-letter queue, the public route', () => {
    const { orders, consumer } = app();
    expect(acknowledged(orders.deadLetterQueue)).toEqual(['Serverless-SQSRedrivePolicy']);
    expect(acknowledged(orders.queue)).toEqual([]);
    expect(acknowledged(orders.role)).toEqual([]);
    expect(acknowledged(orders.consumerMapping!)).toEqual(['Serverless-LambdaEventSourceMappingDestination']);
    expect(acknowledged(consumer)).toEqual(['Serverless-LambdaDLQ']);
    expect(acknowledged(orders.method).sort()).toEqual(['AwsSolutions-APIG4', 'AwsSolutions-COG4']);
  });
});
