import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { fakeBundle } from './helpers';
import { RestApiCorsProps, ServerlessRestApi } from '../../src/constructs/rest-api';
import { ServiceFunction } from '../../src/constructs/service-function';

const assetPath = fakeBundle();

/** The gateway responses of an API with one route and the given CORS, by response type. */
function gatewayResponses(cors?: RestApiCorsProps): Record<string, Record<string, string>> {
  const scope = new Stack(new App({ builtinCloudFormationValidation: false }), 'Test');
  const api = new ServerlessRestApi(scope, 'Api', { cors });
  api.addRoute({ method: 'GET', path: '/items' }, new ServiceFunction(scope, 'List', { assetPath }));
  const resources = Template.fromStack(scope).findResources('AWS::ApiGateway::GatewayResponse');
  return Object.fromEntries(Object.values(resources).map((r) => [r.Properties.ResponseType, r.Properties.ResponseParameters]));
}

const TYPES = ['ACCESS_DENIED', 'BAD_REQUEST_BODY', 'BAD_REQUEST_PARAMETERS', 'DEFAULT_4XX', 'DEFAULT_5XX', 'UNAUTHORIZED'];

describe('ServerlessRestApi: CORS on API Gateway\'s own errors', () => {
  test('by default every 4XX and 5XX, the authorizer\'s 401 and 403 and the validator\'s 400s allow any origin', () => {
    const responses = gatewayResponses();
    expect(Object.keys(responses).sort()).toEqual(TYPES);
    for (const parameters of Object.values(responses)) {
      expect(parameters).toEqual({ 'gatewayresponse.header.Access-Control-Allow-Origin': "'*'" });
    }
  });

  test('one named origin is a literal, with credentials when CORS allows them', () => {
    const responses = gatewayResponses({ allowOrigins: ['https://shop.example.com'], allowCredentials: true });
    expect(responses.UNAUTHORIZED).toEqual({
      'gatewayresponse.header.Access-Control-Allow-Origin': "'https://shop.example.com'",
      'gatewayresponse.header.Access-Control-Allow-Credentials': "'true'",
    });
  });

  test('several origins: the request\'s Origin echoed, varying by Origin, never with credentials', () => {
    const responses = gatewayResponses({ allowOrigins: ['https://shop.example.com', 'https://admin.example.com'], allowCredentials: true });
    expect(responses.DEFAULT_4XX).toEqual({
      'gatewayresponse.header.Access-Control-Allow-Origin': 'method.request.header.Origin',
      'gatewayresponse.header.Vary': "'Origin'",
    });
  });

  test.each<[string, RestApiCorsProps]>([
    ['`errorResponses: false`', { errorResponses: false }],
    ['CORS off', { enabled: false }],
  ])('%s: no gateway responses', (_case, cors) => {
    expect(gatewayResponses(cors)).toEqual({});
  });

  test('`errorResponses` with CORS off fails: it would have no effect', () => {
    expect(() => gatewayResponses({ enabled: false, errorResponses: true }))
      .toThrow('Test/Api: `cors.enabled` is false, so `cors.errorResponses` would have no effect; remove them or enable CORS.');
  });
});
