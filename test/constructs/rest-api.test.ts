import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { fakeBundle } from './helpers';
import { ServerlessRestApi, ServiceFunction } from '../../src';

const assetPath = fakeBundle();

describe('ServerlessRestApi', () => {
  test('stage: X-Ray, INFO execution logs without data trace, metrics, JSON access logs', () => {
    // GIVEN
    const stack = new Stack(new App({ builtinCloudFormationValidation: false }), 'Test');

    // WHEN
    const api = new ServerlessRestApi(stack, 'Api');
    api.addRoute({ method: 'GET', path: '/items' }, new ServiceFunction(stack, 'List', { assetPath }));

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'prod',
      TracingEnabled: true,
      MethodSettings: [Match.objectLike({ LoggingLevel: 'INFO', DataTraceEnabled: false, MetricsEnabled: true })],
      AccessLogSetting: {
        DestinationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ApiAccessLogs'), 'Arn'] },
        Format: Match.stringLikeRegexp('"requestId":"\\$context.requestId"'),
      },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  test('routes a method and path to the function through a Lambda proxy integration, with CORS preflight', () => {
    const stack = new Stack(new App({ builtinCloudFormationValidation: false }), 'Test');
    const api = new ServerlessRestApi(stack, 'Api', { corsAllowOrigins: ['https://shop.example.com'] });
    api.addRoute({ method: 'DELETE', path: '/items/{id}' }, new ServiceFunction(stack, 'Delete', { assetPath }));

    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'DELETE',
      Integration: { Type: 'AWS_PROXY', Uri: Match.anyValue() },
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
});
