/**
 * The REST APIs of a template (API Gateway v1), as local mode serves them: each method with its
 * resource path (from the tree of `AWS::ApiGateway::Resource`s), its integration (a Lambda proxy
 * integration, SQS `SendMessage` or a mock such as CORS preflight), its Lambda authorizer and what
 * its request validator checks; the API's stage and binary media types.
 *
 * @module
 */
import { LocalAuthorizer, LocalGatewayResponse, LocalGatewayResponseHeader, LocalIntegration, LocalRestApi, LocalRoute, LocalSqsIntegration } from '../local-app';
import { NotEmulated, TemplateIndex } from './lookup';
import { isObject, StackTemplate } from './template';

/** API Gateway's default authorizer result cache, in seconds. */
const DEFAULT_AUTHORIZER_TTL_SECONDS = 300;
/** Models every API has, which hold no schema of the app's. */
const BUILT_IN_MODELS = ['Empty', 'Error'];
/** The content types whose model is the body schema: `$default` is any. */
const BODY_MODEL_KEYS = ['$default', 'application/json'];
/** Lambda's invocation path in an integration URI: the function's ARN is between it and `/invocations`. */
const LAMBDA_INVOCATION = /:lambda:path\/2015-03-31\/functions\/(.+)\/invocations$/;
/** SQS's path in an integration URI: `.../sqs:path/<account>/<queue name>`. */
const SQS_PATH = /:sqs:path\/(?:[^/]+\/)?([^/]+)$/;

/** A request validator: what it checks. */
interface Validator {
  readonly body: boolean;
  readonly parameters: boolean;
}

/** A resource of an API's tree. */
interface ApiResource {
  readonly logicalId: string;
  readonly restApiId: string;
  readonly parentId: string;
  readonly pathPart: string;
}

/** The REST APIs whose routes local mode serves; parts it does not run are counted in `notEmulated`. */
export function readRestApis(template: StackTemplate, lookup: TemplateIndex, notEmulated: NotEmulated): LocalRestApi[] {
  const reader = new RestApiReader(template, lookup, notEmulated);
  return reader.read();
}

class RestApiReader {
  /** REST API logical id by its id (its `Ref`). */
  private readonly apis = new Map<string, string>();
  private readonly roots = new Map<string, string>();
  private readonly resources = new Map<string, ApiResource>();
  private readonly validators = new Map<string, Validator>();
  /** Lambda authorizers by id; `undefined` for those local mode does not run (Cognito). */
  private readonly authorizers = new Map<string, LocalAuthorizer | undefined>();
  private readonly authorizerIds = new Map<string, string>();
  private readonly paths = new Map<string, string>();

  constructor(private readonly template: StackTemplate, private readonly lookup: TemplateIndex, private readonly notEmulated: NotEmulated) {}

  public read(): LocalRestApi[] {
    const t = this.template;
    for (const [logicalId] of t.ofType('AWS::ApiGateway::RestApi')) {
      if (t.raw(logicalId, 'Body') !== undefined || t.raw(logicalId, 'BodyS3Location') !== undefined) {
        this.notEmulated.add('AWS::ApiGateway::RestApi (OpenAPI definition)');
        continue;
      }
      const values = t.valuesOf(logicalId)!;
      this.apis.set(String(values.ref), logicalId);
      this.roots.set(String(values.attributes.RootResourceId), String(values.ref));
    }
    for (const [logicalId] of t.ofType('AWS::ApiGateway::Resource')) {
      this.resources.set(String(t.valuesOf(logicalId)!.ref), {
        logicalId,
        restApiId: t.requiredString(logicalId, 'RestApiId'),
        parentId: t.requiredString(logicalId, 'ParentId'),
        pathPart: t.requiredString(logicalId, 'PathPart'),
      });
    }
    for (const [logicalId] of t.ofType('AWS::ApiGateway::RequestValidator')) {
      this.validators.set(String(t.valuesOf(logicalId)!.ref), {
        body: t.boolean(logicalId, 'ValidateRequestBody', false),
        parameters: t.boolean(logicalId, 'ValidateRequestParameters', false),
      });
    }
    for (const [logicalId] of t.ofType('AWS::ApiGateway::Authorizer')) {
      const id = String(t.valuesOf(logicalId)!.ref);
      this.authorizers.set(id, this.authorizer(logicalId));
      this.authorizerIds.set(id, logicalId);
    }
    const routes = new Map<string, LocalRoute[]>([...this.apis.keys()].map((id) => [id, []]));
    const usedAuthorizers = new Map<string, Set<string>>();
    for (const [logicalId] of t.ofType('AWS::ApiGateway::Method')) {
      const restApiId = t.requiredString(logicalId, 'RestApiId');
      if (!routes.has(restApiId)) {
        if (this.isOpenApiDefined(restApiId)) {
          continue;
        }
        t.fail(logicalId, 'RestApiId', `${restApiId} is not a REST API of this template.`);
      }
      const route = this.route(logicalId, restApiId);
      if (route) {
        routes.get(restApiId)!.push(route.route);
        if (route.authorizerId) {
          usedAuthorizers.set(restApiId, (usedAuthorizers.get(restApiId) ?? new Set()).add(route.authorizerId));
        }
      }
    }
    return [...this.apis.entries()].map(([id, logicalId]) => {
      const authorizers = [...(usedAuthorizers.get(id) ?? [])];
      if (authorizers.length > 1) {
        t.fail(logicalId, undefined, `its routes use ${authorizers.length} Lambda authorizers (${authorizers.map((a) => this.authorizerIds.get(a)).join(', ')}); `
          + 'local mode runs one per API.');
      }
      const authorizer = authorizers.length === 1 ? this.authorizers.get(authorizers[0]) : undefined;
      const binary = t.prop(logicalId, 'BinaryMediaTypes');
      const gatewayResponses = this.gatewayResponses(id);
      return {
        logicalId,
        name: t.string(logicalId, 'Name') ?? logicalId,
        stageName: this.stageName(id, logicalId),
        routes: routes.get(id)!.sort((a, b) => a.resourcePath.localeCompare(b.resourcePath) || a.method.localeCompare(b.method)),
        ...(authorizer && { authorizer }),
        binaryMediaTypes: Array.isArray(binary) ? binary.map((type) => String(type).replace(/~1/g, '/')) : [],
        ...(gatewayResponses.length > 0 && { gatewayResponses }),
      };
    });
  }

  /** The gateway responses of an API: their status and the headers local mode can give (literals and request headers). */
  private gatewayResponses(restApiId: string): LocalGatewayResponse[] {
    const t = this.template;
    return t.ofType('AWS::ApiGateway::GatewayResponse').filter(([id]) => t.string(id, 'RestApiId') === restApiId).map(([id]) => {
      const statusCode = t.string(id, 'StatusCode');
      if (t.raw(id, 'ResponseTemplates') !== undefined) {
        this.notEmulated.add('AWS::ApiGateway::GatewayResponse (response templates: the default body is sent)');
      }
      const headers: Record<string, LocalGatewayResponseHeader> = {};
      const parameters = t.prop(id, 'ResponseParameters');
      for (const [name, value] of Object.entries(isObject(parameters) ? parameters : {})) {
        const header = /^gatewayresponse\.header\.(.+)$/.exec(name)?.[1];
        const literal = typeof value === 'string' ? /^'(.*)'$/s.exec(value)?.[1] : undefined;
        const requestHeader = typeof value === 'string' ? /^method\.request\.header\.(.+)$/.exec(value)?.[1] : undefined;
        if (header && (literal !== undefined || requestHeader !== undefined)) {
          headers[header] = literal !== undefined ? { literal } : { requestHeader };
        } else {
          this.notEmulated.add(`AWS::ApiGateway::GatewayResponse (parameter ${name}: only headers from literals and request headers)`);
        }
      }
      return { type: t.requiredString(id, 'ResponseType'), ...(statusCode !== undefined && { statusCode: Number(statusCode) }), headers };
    });
  }

  /** Whether `restApiId` is an API of the template defined by OpenAPI (whose methods are not read). */
  private isOpenApiDefined(restApiId: string): boolean {
    return this.template.ofType('AWS::ApiGateway::RestApi').some(([logicalId]) => String(this.template.valuesOf(logicalId)!.ref) === restApiId);
  }

  private authorizer(logicalId: string): LocalAuthorizer | undefined {
    const t = this.template;
    const type = t.requiredString(logicalId, 'Type');
    if (type !== 'TOKEN' && type !== 'REQUEST') {
      this.notEmulated.add(`AWS::ApiGateway::Authorizer (${type})`);
      return undefined;
    }
    const uri = t.requiredString(logicalId, 'AuthorizerUri');
    const arn = LAMBDA_INVOCATION.exec(uri)?.[1] ?? t.fail(logicalId, 'AuthorizerUri', `${uri} does not invoke a Lambda function.`);
    return {
      type,
      function: this.lookup.functionOf(arn, logicalId, 'AuthorizerUri'),
      identitySource: t.string(logicalId, 'IdentitySource') ?? '',
      resultsCacheTtlSeconds: t.number(logicalId, 'AuthorizerResultTtlInSeconds', DEFAULT_AUTHORIZER_TTL_SECONDS),
    };
  }

  private route(logicalId: string, restApiId: string): { route: LocalRoute; authorizerId?: string } | undefined {
    const t = this.template;
    const method = t.requiredString(logicalId, 'HttpMethod').toUpperCase();
    const resourcePath = this.resourcePath(t.requiredString(logicalId, 'ResourceId'), restApiId, logicalId);
    const integration = this.integration(logicalId);
    if (!integration) {
      return undefined;
    }
    const authorizerId = t.string(logicalId, 'AuthorizerId');
    const authorizationType = t.string(logicalId, 'AuthorizationType') ?? 'NONE';
    let authorized = false;
    if (authorizationType === 'CUSTOM') {
      if (authorizerId === undefined || !this.authorizers.has(authorizerId)) {
        return t.fail(logicalId, 'AuthorizerId', `AuthorizationType CUSTOM needs the id of an authorizer of this template, got ${authorizerId ?? 'none'}.`);
      }
      authorized = this.authorizers.get(authorizerId) !== undefined;
    } else if (authorizationType === 'AWS_IAM' || authorizationType === 'COGNITO_USER_POOLS') {
      // served, but without the caller's identity being checked: said at start
      this.notEmulated.add(`AWS::ApiGateway::Method (${authorizationType} authorization: not checked)`);
    }
    if (t.raw(logicalId, 'ApiKeyRequired') === true) {
      this.notEmulated.add('AWS::ApiGateway::Method (API key required: not checked)');
    }
    const validatorId = t.string(logicalId, 'RequestValidatorId');
    const validator = validatorId === undefined ? undefined : this.validators.get(validatorId);
    if (validatorId !== undefined && !validator) {
      t.fail(logicalId, 'RequestValidatorId', `${validatorId} is not a request validator of this template.`);
    }
    const bodySchema = validator?.body ? this.bodySchema(logicalId, restApiId) : undefined;
    return {
      route: {
        method,
        resourcePath,
        integration,
        authorized,
        ...(bodySchema && { bodySchema }),
        requiredQueryParameters: validator?.parameters ? this.requiredQueryParameters(logicalId) : [],
      },
      ...(authorized && { authorizerId }),
    };
  }

  /** `/items/{id}` for the resource with this id: its path parts up to the API's root. */
  private resourcePath(resourceId: string, restApiId: string, methodId: string): string {
    const root = this.roots.get(resourceId);
    if (root !== undefined) {
      return root === restApiId ? '/' : this.template.fail(methodId, 'ResourceId', `is the root of another REST API (${root}).`);
    }
    const known = this.paths.get(resourceId);
    if (known !== undefined) {
      return known;
    }
    const parts: string[] = [];
    const seen = new Set<string>();
    let id = resourceId;
    while (this.roots.get(id) === undefined) {
      const resource = this.resources.get(id);
      if (!resource) {
        return this.template.fail(methodId, 'ResourceId', `${id} is not a resource of the REST API ${restApiId} in this template.`);
      }
      if (resource.restApiId !== restApiId) {
        return this.template.fail(resource.logicalId, 'RestApiId', `belongs to ${resource.restApiId}, but is on the path of a method of ${restApiId}.`);
      }
      if (seen.has(id)) {
        return this.template.fail(resource.logicalId, 'ParentId', 'the resource is its own ancestor.');
      }
      seen.add(id);
      parts.unshift(resource.pathPart);
      id = resource.parentId;
    }
    const resourcePath = `/${parts.join('/')}`;
    this.paths.set(resourceId, resourcePath);
    return resourcePath;
  }

  private integration(logicalId: string): LocalIntegration | undefined {
    const t = this.template;
    if (t.raw(logicalId, 'Integration') === undefined) {
      return t.fail(logicalId, 'Integration', 'is missing: API Gateway cannot deploy a method without an integration.');
    }
    const type = t.requiredString(logicalId, 'Integration.Type').toUpperCase();
    if (type === 'MOCK') {
      return this.mockIntegration(logicalId);
    }
    const uri = t.string(logicalId, 'Integration.Uri') ?? '';
    const lambdaArn = LAMBDA_INVOCATION.exec(uri)?.[1];
    if (type === 'AWS_PROXY' && lambdaArn) {
      return { kind: 'lambda', function: this.lookup.functionOf(lambdaArn, logicalId, 'Integration.Uri') };
    }
    const queueName = SQS_PATH.exec(uri)?.[1];
    if (type === 'AWS' && queueName) {
      const queue = this.lookup.queueNamed(queueName);
      return queue ? this.sqsIntegration(logicalId, queue) : t.fail(logicalId, 'Integration.Uri', `sends to the queue ${queueName}, which is not a queue of this template.`);
    }
    const service = /:apigateway:[^:]*:([^:]+):/.exec(uri)?.[1];
    this.notEmulated.add(`AWS::ApiGateway::Method (${type}${lambdaArn ? ' Lambda' : service ? ` ${service}` : ''} integration)`);
    return undefined;
  }

  /** An SQS integration: its responses by SQS's status, and the content types its request templates map. */
  private sqsIntegration(logicalId: string, queue: string): LocalSqsIntegration {
    const t = this.template;
    const templates = t.prop(logicalId, 'Integration.RequestTemplates');
    const passthrough = t.string(logicalId, 'Integration.PassthroughBehavior') ?? 'WHEN_NO_MATCH';
    if (passthrough !== 'WHEN_NO_MATCH' && passthrough !== 'WHEN_NO_TEMPLATES' && passthrough !== 'NEVER') {
      return t.fail(logicalId, 'Integration.PassthroughBehavior', `must be WHEN_NO_MATCH, WHEN_NO_TEMPLATES or NEVER, got ${passthrough}.`);
    }
    const responses = t.prop(logicalId, 'Integration.IntegrationResponses');
    const errorResponses = (Array.isArray(responses) ? responses.filter(isObject) : [])
      .filter((response) => typeof response.SelectionPattern === 'string' && response.SelectionPattern !== '')
      .map((response) => ({
        statusCode: Number(response.StatusCode),
        selectionPattern: String(response.SelectionPattern),
        headers: staticHeaders(response),
        ...templateMessage(response),
      }));
    return {
      kind: 'sqs',
      queue,
      headers: this.defaultResponse(logicalId).headers,
      errorResponses,
      requestContentTypes: isObject(templates) ? Object.keys(templates) : [],
      passthroughBehavior: passthrough,
    };
  }

  /** A mock: the status and the static headers of its default integration response. */
  private mockIntegration(logicalId: string): LocalIntegration {
    return { kind: 'mock', ...this.defaultResponse(logicalId) };
  }

  /** The status and the static headers of the default integration response (no selection pattern). */
  private defaultResponse(logicalId: string): { statusCode: number; headers: Record<string, string> } {
    const responses = this.template.prop(logicalId, 'Integration.IntegrationResponses');
    const list = Array.isArray(responses) ? responses.filter(isObject) : [];
    const response = list.find((r) => r.SelectionPattern === undefined || r.SelectionPattern === '') ?? list[0];
    const statusCode = response ? Number(response.StatusCode) : 200;
    if (!Number.isInteger(statusCode)) {
      return this.template.fail(logicalId, 'Integration.IntegrationResponses', `StatusCode ${JSON.stringify(response?.StatusCode)} is not a status code.`);
    }
    return { statusCode, headers: response ? staticHeaders(response) : {} };
  }

  private bodySchema(logicalId: string, restApiId: string): object | undefined {
    const t = this.template;
    const models = t.prop(logicalId, 'RequestModels');
    if (!isObject(models)) {
      return undefined;
    }
    const key = BODY_MODEL_KEYS.find((k) => typeof models[k] === 'string');
    const modelName = key && String(models[key]);
    if (!modelName || BUILT_IN_MODELS.includes(modelName)) {
      return undefined;
    }
    const model = t.ofType('AWS::ApiGateway::Model').find(([id]) =>
      String(t.valuesOf(id)!.ref) === modelName && t.string(id, 'RestApiId') === restApiId);
    if (!model) {
      return t.fail(logicalId, `RequestModels.${key}`, `${modelName} is not a model of this API in the template.`);
    }
    const schema = t.prop(model[0], 'Schema');
    if (typeof schema === 'string') {
      try {
        return JSON.parse(schema);
      } catch (error) {
        return t.fail(model[0], 'Schema', `is not JSON: ${(error as Error).message}`);
      }
    }
    return isObject(schema) ? schema : t.fail(model[0], 'Schema', 'must be a JSON schema (an object).');
  }

  private requiredQueryParameters(logicalId: string): string[] {
    const parameters = this.template.prop(logicalId, 'RequestParameters');
    return Object.entries(isObject(parameters) ? parameters : {})
      .filter(([name, required]) => name.startsWith('method.request.querystring.') && (required === true || required === 'true'))
      .map(([name]) => name.slice('method.request.querystring.'.length));
  }

  /** Whether a stage caches responses: its cache cluster, or a method setting with caching on. */
  private caches(stageId: string): boolean {
    const settings = this.template.prop(stageId, 'MethodSettings');
    return this.template.boolean(stageId, 'CacheClusterEnabled', false)
      || (Array.isArray(settings) && settings.some((setting) => isObject(setting) && (setting.CachingEnabled === true || setting.CachingEnabled === 'true')));
  }

  private stageName(restApiId: string, logicalId: string): string {
    const t = this.template;
    const stage = t.ofType('AWS::ApiGateway::Stage').find(([id]) => t.string(id, 'RestApiId') === restApiId);
    if (stage && this.caches(stage[0])) {
      this.notEmulated.add('AWS::ApiGateway::Stage (response caching: not applied, every request reaches its integration)');
    }
    if (stage) {
      return t.requiredString(stage[0], 'StageName');
    }
    const deployment = t.ofType('AWS::ApiGateway::Deployment').find(([id]) =>
      t.string(id, 'RestApiId') === restApiId && t.raw(id, 'StageName') !== undefined);
    return deployment
      ? t.requiredString(deployment[0], 'StageName')
      : t.fail(logicalId, undefined, 'has no stage (no AWS::ApiGateway::Stage, no Deployment with a StageName): its routes cannot be called.');
  }
}

/** The literal headers of an integration response (`method.response.header.<name>: "'value'"`). */
function staticHeaders(response: Record<string, unknown>): Record<string, string> {
  const headers: Record<string, string> = {};
  const parameters = isObject(response.ResponseParameters) ? response.ResponseParameters : {};
  for (const [name, value] of Object.entries(parameters)) {
    const header = /^method\.response\.header\.(.+)$/.exec(name)?.[1];
    const literal = typeof value === 'string' ? /^'(.*)'$/s.exec(value)?.[1] : undefined;
    if (header && literal !== undefined) {
      headers[header] = literal;
    }
  }
  return headers;
}

/** The `message` an integration response's JSON template writes: `{"message": "The queue refused the message.", ...}`. */
function templateMessage(response: Record<string, unknown>): { message?: string } {
  const templates = isObject(response.ResponseTemplates) ? response.ResponseTemplates : {};
  const template = templates['application/json'];
  const message = typeof template === 'string' ? /"message"\s*:\s*"([^"$#]*)"/.exec(template)?.[1] : undefined;
  return message === undefined ? {} : { message };
}
