import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { fakeBundle } from './helpers';
import { AuthorizerType, RestApiAuthorizerProps, ServerlessRestApi } from '../../src/constructs/rest-api';
import { ServiceFunction } from '../../src/constructs/service-function';

const assetPath = fakeBundle();

function stack(): Stack {
  return new Stack(new App({ builtinCloudFormationValidation: false }), 'Test');
}

/** An API with a Lambda authorizer (with `props`), an authorized GET /items and a public GET /health. */
function authorizedApi(props: Partial<RestApiAuthorizerProps> = {}): { scope: Stack; api: ServerlessRestApi } {
  const scope = stack();
  const handler = new ServiceFunction(scope, 'Authorizer', { assetPath });
  const api = new ServerlessRestApi(scope, 'Api', { authorizer: { handler, ...props } });
  api.addRoute({ method: 'GET', path: '/items' }, new ServiceFunction(scope, 'List', { assetPath }));
  api.addRoute({ method: 'GET', path: '/health', authorize: false }, new ServiceFunction(scope, 'Health', { assetPath }));
  return { scope, api };
}

/** Construct paths of the unacknowledged findings of `rules`. */
function findings(scope: Stack, ...rules: string[]): string[] {
  return new AwsSolutionsChecks().validateScope(scope).violations
    .filter((violation) => rules.includes(violation.ruleName))
    .flatMap((violation) => violation.violatingResources.map((resource) => `${violation.ruleName} ${resource.constructPath}`));
}

describe('ServerlessRestApi authorizer', () => {
  test('TOKEN by default: the Authorization header, decisions cached 5 minutes, API Gateway may invoke it', () => {
    // GIVEN
    const { scope, api } = authorizedApi();

    // WHEN
    const template = Template.fromStack(scope);

    // THEN
    expect(api.authorizer).toBeDefined();
    template.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'TOKEN',
      IdentitySource: 'method.request.header.Authorization',
      AuthorizerResultTtlInSeconds: 300,
      AuthorizerUri: Match.anyValue(),
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'apigateway.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Authorizer'), 'Arn'] },
      SourceArn: { 'Fn::Join': ['', Match.arrayWith(['/authorizers/', { Ref: Match.stringLikeRegexp('^ApiAuthorizer') }])] },
    });
  });

  test('REQUEST: each header of the identity source is one, with the given TTL', () => {
    const { scope } = authorizedApi({ type: AuthorizerType.REQUEST, identitySource: 'Authorization, X-Tenant-Id', resultsCacheTtl: Duration.minutes(1) });
    Template.fromStack(scope).hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'REQUEST',
      IdentitySource: 'method.request.header.Authorization,method.request.header.X-Tenant-Id',
      AuthorizerResultTtlInSeconds: 60,
    });
  });

  test('routes are authorized by default; `authorize: false` makes a route public', () => {
    const { scope } = authorizedApi();
    const template = Template.fromStack(scope);
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'GET',
      ResourceId: { Ref: Match.stringLikeRegexp('^Apiitems') },
      AuthorizationType: 'CUSTOM',
      AuthorizerId: { Ref: Match.stringLikeRegexp('^ApiAuthorizer') },
    });
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'GET',
      ResourceId: { Ref: Match.stringLikeRegexp('^Apihealth') },
      AuthorizationType: 'NONE',
      AuthorizerId: Match.absent(),
    });
    // preflights stay open: browsers send them without credentials
    template.resourcePropertiesCountIs('AWS::ApiGateway::Method', { HttpMethod: 'OPTIONS', AuthorizationType: 'NONE' }, 3);
  });

  test('cdk-nag: authorized and public routes are acknowledged, preflights are not reported', () => {
    const { scope } = authorizedApi();
    expect(findings(scope, 'AwsSolutions-APIG4', 'AwsSolutions-COG4')).toEqual([]);
  });

  test('cdk-nag: a route on an API without authorizer and not declared public is reported', () => {
    const scope = stack();
    const api = new ServerlessRestApi(scope, 'Api');
    api.addRoute({ method: 'GET', path: '/items' }, new ServiceFunction(scope, 'List', { assetPath }));
    api.addRoute({ method: 'GET', path: '/health', authorize: false }, new ServiceFunction(scope, 'Health', { assetPath }));
    expect(findings(scope, 'AwsSolutions-APIG4', 'AwsSolutions-COG4')).toEqual([
      'AwsSolutions-APIG4 Test/Api/Api/Default/items/GET/Resource',
      'AwsSolutions-COG4 Test/Api/Api/Default/items/GET/Resource',
    ]);
  });

  test('fails when a route asks for authorization on an API without authorizer', () => {
    const scope = stack();
    const api = new ServerlessRestApi(scope, 'Api');
    expect(() => api.addRoute({ method: 'get', path: '/items', authorize: true }, new ServiceFunction(scope, 'List', { assetPath })))
      .toThrow('Test/Api: route GET /items: `authorize` is true but the API has no `authorizer`.');
  });

  test('fails at synthesis when the authorizer guards no route', () => {
    const scope = stack();
    const api = new ServerlessRestApi(scope, 'Api', { authorizer: { handler: new ServiceFunction(scope, 'Authorizer', { assetPath }) } });
    api.addRoute({ method: 'GET', path: '/health', authorize: false }, new ServiceFunction(scope, 'Health', { assetPath }));
    expect(() => Template.fromStack(scope))
      .toThrow('Test/Api: `authorizer` guards no route: add a route that is not declared public (`authorize: false`), or remove the authorizer.');
  });
});
