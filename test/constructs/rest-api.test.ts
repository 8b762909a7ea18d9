import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import { fakeBundle } from './helpers';
import { AuthorizerType, ServerlessRestApi, ServerlessRestApiProps } from '../../src/constructs/rest-api';
import { ServiceFunction } from '../../src/constructs/service-function';

const assetPath = fakeBundle();

function stack(): Stack {
  return new Stack(new App({ builtinCloudFormationValidation: false }), 'Test');
}

function fn(scope: Stack): ServiceFunction {
  return new ServiceFunction(scope, 'Authorizer', { assetPath });
}

/** The `Access-Control-*` headers the preflight of the root resource answers with. */
function preflightHeaders(template: Template): Record<string, string> {
  const [options] = Object.values(template.findResources('AWS::ApiGateway::Method', {
    Properties: { HttpMethod: 'OPTIONS', ResourceId: { 'Fn::GetAtt': [Match.anyValue(), 'RootResourceId'] } },
  }));
  return options.Properties.Integration.IntegrationResponses[0].ResponseParameters;
}

describe('ServerlessRestApi', () => {
  test('stage: X-Ray, INFO execution logs without data trace, metrics, throttling, JSON access logs, no cache', () => {
    // GIVEN
    const scope = stack();

    // WHEN
    const api = new ServerlessRestApi(scope, 'Api');
    api.addRoute({ method: 'GET', path: '/items' }, new ServiceFunction(scope, 'List', { assetPath }));

    // THEN
    const template = Template.fromStack(scope);
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'prod',
      TracingEnabled: true,
      CacheClusterEnabled: Match.absent(),
      MethodSettings: [{
        ResourcePath: '/*',
        HttpMethod: '*',
        LoggingLevel: 'INFO',
        DataTraceEnabled: false,
        MetricsEnabled: true,
        ThrottlingRateLimit: 100,
        ThrottlingBurstLimit: 200,
      }],
      AccessLogSetting: {
        DestinationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ApiAccessLogs'), 'Arn'] },
        Format: Match.stringLikeRegexp('"requestId":"\\$context.requestId"'),
      },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    template.resourceCountIs('AWS::ApiGateway::Authorizer', 0);
    expect(api.authorizer).toBeUndefined();
  });

  test('stage options: logging level, data trace, metrics, tracing and throttling are the props', () => {
    const scope = stack();
    new ServerlessRestApi(scope, 'Api', {
      stageName: 'v1',
      loggingLevel: apigateway.MethodLoggingLevel.ERROR,
      dataTraceEnabled: true,
      metricsEnabled: false,
      tracingEnabled: false,
      throttlingRateLimit: 50,
      throttlingBurstLimit: 75,
    });
    Template.fromStack(scope).hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'v1',
      TracingEnabled: false,
      MethodSettings: [Match.objectLike({
        LoggingLevel: 'ERROR',
        DataTraceEnabled: true,
        MetricsEnabled: false,
        ThrottlingRateLimit: 50,
        ThrottlingBurstLimit: 75,
      })],
    });
  });

  test('routes a method and path to the function through a Lambda proxy integration, with CORS preflight', () => {
    const scope = stack();
    const api = new ServerlessRestApi(scope, 'Api', { cors: { allowOrigins: ['https://shop.example.com'] } });
    api.addRoute({ method: 'DELETE', path: '/items/{id}' }, new ServiceFunction(scope, 'Delete', { assetPath }));

    const template = Template.fromStack(scope);
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'DELETE',
      AuthorizationType: 'NONE',
      Integration: { Type: 'AWS_PROXY', Uri: Match.anyValue() },
      RequestParameters: { 'method.request.path.id': true },
      RequestValidatorId: { Ref: Match.stringLikeRegexp('^ApiRequestValidator') },
    });
    template.hasResourceProperties('AWS::ApiGateway::Resource', { PathPart: '{id}' });
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'OPTIONS',
      Integration: Match.objectLike({
        IntegrationResponses: [Match.objectLike({
          ResponseParameters: Match.objectLike({ 'method.response.header.Access-Control-Allow-Origin': "'https://shop.example.com'" }),
        })],
      }),
    });
  });

  describe('CORS', () => {
    test('by default: any origin, every method, the default headers, no credentials', () => {
      const scope = stack();
      new ServerlessRestApi(scope, 'Api');
      expect(preflightHeaders(Template.fromStack(scope))).toEqual({
        'method.response.header.Access-Control-Allow-Origin': "'*'",
        'method.response.header.Access-Control-Allow-Methods': `'${apigateway.Cors.ALL_METHODS.join(',')}'`,
        'method.response.header.Access-Control-Allow-Headers': `'${apigateway.Cors.DEFAULT_HEADERS.join(',')}'`,
      });
    });

    test('credentials with listed origins, methods and headers', () => {
      const scope = stack();
      new ServerlessRestApi(scope, 'Api', {
        cors: {
          allowOrigins: ['https://shop.example.com', 'https://admin.example.com'],
          allowMethods: ['GET', 'POST'],
          allowHeaders: ['Content-Type'],
          allowCredentials: true,
        },
      });
      expect(preflightHeaders(Template.fromStack(scope))).toEqual({
        'method.response.header.Access-Control-Allow-Origin': "'https://shop.example.com'",
        'method.response.header.Vary': "'Origin'",
        'method.response.header.Access-Control-Allow-Methods': "'GET,POST'",
        'method.response.header.Access-Control-Allow-Headers': "'Content-Type'",
        'method.response.header.Access-Control-Allow-Credentials': "'true'",
      });
    });

    test('the default headers include the authorizer\'s identity headers, so browsers may send them', () => {
      const scope = stack();
      const api = new ServerlessRestApi(scope, 'Api', {
        authorizer: {
          handler: new ServiceFunction(scope, 'Authorizer', { assetPath }),
          type: AuthorizerType.REQUEST,
          identitySource: 'Authorization, X-Tenant-Id',
        },
      });
      api.addRoute({ method: 'GET', path: '/items' }, new ServiceFunction(scope, 'List', { assetPath }));
      expect(preflightHeaders(Template.fromStack(scope))['method.response.header.Access-Control-Allow-Headers'])
        .toEqual(`'${[...apigateway.Cors.DEFAULT_HEADERS, 'X-Tenant-Id'].join(',')}'`);
    });

    test('`cors: { enabled: false }` adds no preflight methods', () => {
      const scope = stack();
      const api = new ServerlessRestApi(scope, 'Api', { cors: { enabled: false } });
      api.addRoute({ method: 'GET', path: '/items' }, new ServiceFunction(scope, 'List', { assetPath }));
      const template = Template.fromStack(scope);
      template.resourcePropertiesCountIs('AWS::ApiGateway::Method', { HttpMethod: 'OPTIONS' }, 0);
      template.resourcePropertiesCountIs('AWS::ApiGateway::Method', { HttpMethod: 'GET' }, 1);
    });
  });

  describe('fails before creating anything when a prop cannot work', () => {
    test.each<[string, (scope: Stack) => ServerlessRestApiProps, string]>([
      ['credentials with origin *', () => ({ cors: { allowCredentials: true } }),
        "Test/Api: `cors.allowCredentials` true needs explicit `cors.allowOrigins`: browsers refuse credentials with origin '*'; got ['*']. List the origins, e.g. ['https://app.example.com']."],
      ['* among other origins', () => ({ cors: { allowOrigins: ['*', 'https://shop.example.com'] } }),
        "Test/Api: `cors.allowOrigins` must be ['*'] or a list of origins without '*'; got ['*', 'https://shop.example.com']."],
      ['no origin', () => ({ cors: { allowOrigins: [] } }),
        "Test/Api: `cors.allowOrigins` must be ['*'] or a list of origins without '*'; got []."],
      ['CORS settings with CORS off', () => ({ cors: { enabled: false, allowOrigins: ['https://shop.example.com'] } }),
        'Test/Api: `cors.enabled` is false, so `cors.allowOrigins` would have no effect; remove them or enable CORS.'],
      ['a cache cluster size API Gateway does not offer', () => ({ cache: { clusterSize: '1' } }),
        "Test/Api: `cache.clusterSize` must be one of '0.5', '1.6', '6.1', '13.5', '28.4', '58.2', '118', '237' (GB); got '1'."],
      ['a cache TTL over an hour', () => ({ cache: { defaultTtl: Duration.hours(2) } }),
        'Test/Api: `cache.defaultTtl` must be 0-3600 s; got 7200 s.'],
      ['an authorizer cache TTL over an hour', (scope) => ({ authorizer: { handler: fn(scope), resultsCacheTtl: Duration.minutes(61) } }),
        'Test/Api: `authorizer.resultsCacheTtl` must be 0-3600 s; got 3660 s.'],
      ['a mapping expression as identity source', (scope) => ({ authorizer: { handler: fn(scope), identitySource: 'method.request.header.Authorization' } }),
        "Test/Api: `authorizer.identitySource` must be header names, e.g. 'Authorization', not mapping expressions; got 'method.request.header.Authorization'."],
      ['two headers for a TOKEN authorizer', (scope) => ({ authorizer: { handler: fn(scope), identitySource: 'Authorization,X-Tenant-Id' } }),
        "Test/Api: `authorizer.identitySource` of a TOKEN authorizer must be one header; got 'Authorization,X-Tenant-Id'. Use `type: AuthorizerType.REQUEST` for several."],
    ])('%s', (_case, props, message) => {
      const scope = stack();
      expect(() => new ServerlessRestApi(scope, 'Api', props(scope))).toThrow(message);
      expect(scope.node.tryFindChild('Api')?.node.children ?? []).toHaveLength(0);
    });
  });
});

test('in a stack of several APIs, one creates the account-level logging role', () => {
  const twoApis = new Stack(new App({ builtinCloudFormationValidation: false }), 'Test');
  new ServerlessRestApi(twoApis, 'Shared').api.root.addMethod('GET');
  new ServerlessRestApi(twoApis, 'Own', { cloudWatchRole: false }).api.root.addMethod('GET');
  Template.fromStack(twoApis).resourceCountIs('AWS::ApiGateway::Account', 1);
});

test('with cdk init\'s feature flags, no API creates the account-level logging role unless asked', () => {
  const flagged = () => new App({ context: { '@aws-cdk/aws-apigateway:disableCloudWatchRole': true }, builtinCloudFormationValidation: false });
  const byDefault = new Stack(flagged(), 'Default');
  new ServerlessRestApi(byDefault, 'Api').api.root.addMethod('GET');
  Template.fromStack(byDefault).resourceCountIs('AWS::ApiGateway::Account', 0);
  const asked = new Stack(flagged(), 'Asked');
  new ServerlessRestApi(asked, 'Api', { cloudWatchRole: true }).api.root.addMethod('GET');
  Template.fromStack(asked).resourceCountIs('AWS::ApiGateway::Account', 1);
});
