import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import { fakeBundle } from './helpers';
import { RequestSchemas, ServerlessRestApi } from '../../src/constructs/rest-api';
import { ServiceFunction } from '../../src/constructs/service-function';

const assetPath = fakeBundle();

function stack(): Stack {
  return new Stack(new App({ builtinCloudFormationValidation: false }), 'Test');
}

/** A draft-04 schema with the keys CDK spells differently (`$schema`, `$ref`) and names that look like keywords. */
const ORDER_SCHEMA = {
  $schema: 'http://json-schema.org/draft-04/schema#',
  $id: 'https://shop.example.com/schemas/order.json',
  id: 'order',
  title: 'Order',
  type: 'object',
  required: ['customer', 'lines'],
  additionalProperties: false,
  definitions: {
    line: {
      type: 'object',
      required: ['sku', 'quantity'],
      properties: {
        sku: { type: 'string', pattern: '^[A-Z0-9-]+$' },
        quantity: { type: 'integer', minimum: 1 },
      },
    },
  },
  properties: {
    customer: { type: 'string', format: 'email' },
    lines: { type: 'array', minItems: 1, items: { $ref: '#/definitions/line' } },
    // property names are names, not keywords: kept as written
    schema: { type: 'string' },
    $ref: { type: 'string', enum: ['a', 'b'] },
  },
  dependencies: { schema: ['customer'] },
};

/** Writes `text` to a file of its own and returns its path. */
function schemaFile(text: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'schema-')), 'schema.json');
  fs.writeFileSync(file, text);
  return file;
}

describe('ServerlessRestApi request validation', () => {
  // GIVEN
  const scope = stack();
  const api = new ServerlessRestApi(scope, 'Api');
  const handler = new ServiceFunction(scope, 'Handler', { assetPath });
  // WHEN
  api.addRoute({ method: 'POST', path: '/orders', requestSchema: RequestSchemas.fromObject(ORDER_SCHEMA) }, handler);
  api.addRoute({ method: 'PUT', path: '/orders/{id}', requestSchema: RequestSchemas.fromFile(schemaFile(JSON.stringify(ORDER_SCHEMA))) }, handler);
  api.addRoute({ method: 'GET', path: '/orders', queryParameters: { status: true, page: false } }, handler);
  const template = Template.fromStack(scope);

  // THEN
  test('a route with a request schema gets a model of its own, validated for every content type before Lambda runs', () => {
    template.hasResourceProperties('AWS::ApiGateway::Model', { Name: 'PostOrdersRequest', ContentType: 'application/json' });
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'POST',
      RequestModels: { $default: { Ref: Match.stringLikeRegexp('^ApiPostOrdersModel') } },
      RequestValidatorId: { Ref: Match.stringLikeRegexp('^ApiRequestValidator') },
    });
    template.hasResourceProperties('AWS::ApiGateway::RequestValidator', { ValidateRequestBody: true, ValidateRequestParameters: true });
  });

  test('the model holds the schema as written: `$schema`, `$ref`, `$id` and names that look like keywords', () => {
    const schemas = Object.fromEntries(Object.values(template.findResources('AWS::ApiGateway::Model'))
      .map((model) => [model.Properties.Name, model.Properties.Schema]));
    expect(schemas).toEqual({ PostOrdersRequest: ORDER_SCHEMA, PutOrdersByIdRequest: ORDER_SCHEMA });
  });

  test('declared query parameters are request parameters, the required ones enforced by the validator', () => {
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'GET',
      RequestParameters: { 'method.request.querystring.status': true, 'method.request.querystring.page': false },
      RequestModels: Match.absent(),
    });
  });
});

describe('ServerlessRestApi request schema', () => {
  test('a schema without `$schema` is declared draft 4, the version API Gateway validates with', () => {
    const scope = stack();
    const api = new ServerlessRestApi(scope, 'Api');
    api.addRoute({ method: 'PATCH', path: '/', requestSchema: { type: apigateway.JsonSchemaType.OBJECT } }, new ServiceFunction(scope, 'Handler', { assetPath }));
    Template.fromStack(scope).hasResourceProperties('AWS::ApiGateway::Model', {
      Name: 'PatchRootRequest',
      Schema: { $schema: 'http://json-schema.org/draft-04/schema#', type: 'object' },
    });
  });

  test('model names stay unique when two paths give the same name', () => {
    const scope = stack();
    const api = new ServerlessRestApi(scope, 'Api');
    const handler = new ServiceFunction(scope, 'Handler', { assetPath });
    const requestSchema = { type: apigateway.JsonSchemaType.OBJECT };
    api.addRoute({ method: 'POST', path: '/order-lines', requestSchema }, handler);
    api.addRoute({ method: 'POST', path: '/order_lines', requestSchema }, handler);
    const names = Object.values(Template.fromStack(scope).findResources('AWS::ApiGateway::Model')).map((model) => model.Properties.Name);
    expect(names).toEqual(['PostOrderLinesRequest', 'PostOrderLines2Request']);
  });

  test.each(['GET', 'DELETE'])('fails for a %s route, which has no body', (httpMethod) => {
    const scope = stack();
    const api = new ServerlessRestApi(scope, 'Api');
    expect(() => api.addRoute({ method: httpMethod, path: '/orders', requestSchema: { type: apigateway.JsonSchemaType.OBJECT } }, new ServiceFunction(scope, 'Handler', { assetPath })))
      .toThrow(`Test/Api: route ${httpMethod} /orders: \`requestSchema\` needs a method with a request body; ${httpMethod} has none. Use \`queryParameters\` instead.`);
  });
});

describe('RequestSchemas', () => {
  test('converts to CDK\'s spelling: `$schema` and `$ref` become `schema` and `ref` outside property names', () => {
    expect(RequestSchemas.fromObject({
      $schema: 'http://json-schema.org/draft-04/schema#',
      properties: { $ref: { $ref: '#/definitions/a' } },
      items: [{ $ref: '#/definitions/b' }],
    })).toEqual({
      schema: 'http://json-schema.org/draft-04/schema#',
      properties: { $ref: { ref: '#/definitions/a' } },
      items: [{ ref: '#/definitions/b' }],
    });
  });

  test.each<[string, () => unknown, RegExp]>([
    ['a file that does not exist', () => RequestSchemas.fromFile('/nonexistent/schema.json'),
      /^RequestSchemas\.fromFile: \/nonexistent\/schema\.json cannot be read: ENOENT/],
    ['a file that is not JSON', () => RequestSchemas.fromFile(schemaFile('type: object')),
      /^RequestSchemas\.fromFile: .*schema\.json is not JSON: Unexpected token/],
    ['a file that holds an array', () => RequestSchemas.fromFile(schemaFile('[{ "type": "object" }]')),
      /^RequestSchemas\.fromFile: .*schema\.json must be a JSON object \(a JSON schema\); got an array\.$/],
    ['a file that holds null', () => RequestSchemas.fromFile(schemaFile('null')),
      /^RequestSchemas\.fromFile: .*schema\.json must be a JSON object \(a JSON schema\); got null\.$/],
    ['a keyword CDK would rename', () => RequestSchemas.fromObject({ properties: { a: { default: { ref: 'x' } } } }),
      /^RequestSchemas\.fromObject: the schema: the key `ref` at #\/properties\/a\/default\/ref would be rendered as `\$ref`/],
    ['a `__proto__` key, which CDK\'s renderer drops', () => RequestSchemas.fromFile(schemaFile('{ "properties": { "__proto__": {} } }')),
      /^RequestSchemas\.fromFile: .*schema\.json: the key `__proto__` at #\/properties\/__proto__ cannot be rendered into an API Gateway model\.$/],
    ['a key CDK mistakes for a built-in', () => RequestSchemas.fromObject({ enum: [{ constructor: 1 }] }),
      /^RequestSchemas\.fromObject: the schema: the key `constructor` at #\/enum\/0\/constructor cannot be rendered/],
  ])('fails on %s, naming it and why', (_case, convert, message) => {
    expect(convert).toThrow(message);
  });
});
