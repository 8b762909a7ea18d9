import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Duration, NestedStack, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as appsync from 'aws-cdk-lib/aws-appsync';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { AwsSolutionsChecks, NagPack, ServerlessChecks } from 'cdk-nag';
import { acknowledged, fakeBundle } from './helpers';
import { ServerlessPatternsChecks } from '../../src/checks';
import { GraphqlAuthorization, ServerlessGraphqlApi, ServerlessGraphqlApiProps } from '../../src/constructs/graphql-api';
import { ServiceFunction } from '../../src/constructs/service-function';
import { FunctionPreset } from '../../src/presets';

const assetPath = fakeBundle();
const schemaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'schema-'));

/** A schema file in the temp folder. */
function schema(name: string, sdl: string): string {
  const file = path.join(schemaDir, name);
  fs.writeFileSync(file, sdl);
  return file;
}

const schemaFile = schema('schema.graphql', `
type Item { id: ID! name: String }
type Query { getItem(id: ID!): Item }
type Mutation { putItem(id: ID!, name: String): Item }
`);

function stack(): Stack {
  return new Stack(new App({ builtinCloudFormationValidation: false }), 'Test');
}

function graphqlApi(scope: Stack, props: Partial<ServerlessGraphqlApiProps> = {}): ServerlessGraphqlApi {
  return new ServerlessGraphqlApi(scope, 'Graphql', { schemaFile, ...props });
}


describe('ServerlessGraphqlApi', () => {
  test('defaults: API key valid 30 days, X-Ray, ERROR field logs without verbose content, in a log group kept a month', () => {
    // GIVEN
    const scope = stack();
    const before = Math.floor(Date.now() / 1000);

    // WHEN
    const api = graphqlApi(scope);

    // THEN
    const after = Math.ceil(Date.now() / 1000);
    const template = Template.fromStack(scope);
    template.hasResourceProperties('AWS::AppSync::GraphQLApi', {
      AuthenticationType: 'API_KEY',
      XrayEnabled: true,
      LogConfig: {
        CloudWatchLogsRoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^GraphqlLogsRole'), 'Arn'] },
        FieldLogLevel: 'ERROR',
        ExcludeVerboseContent: true,
      },
    });
    template.hasResourceProperties('AWS::AppSync::GraphQLSchema', { Definition: fs.readFileSync(schemaFile, 'utf8') });
    const expires = Object.values(template.findResources('AWS::AppSync::ApiKey'))[0].Properties.Expires;
    const thirtyDays = Duration.days(30).toSeconds();
    expect(expires).toBeGreaterThanOrEqual(before + thirtyDays);
    expect(expires).toBeLessThanOrEqual(after + thirtyDays);
    expect(api.apiKey).toBeDefined();
    expect(api.graphqlUrl).toBe(api.api.graphqlUrl);
  });

  test('the log group is the one AppSync writes to, created in the stack with its retention, and the only one the logs role may write to', () => {
    const scope = stack();
    graphqlApi(scope);
    const template = Template.fromStack(scope);
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: { 'Fn::Join': ['', ['/aws/appsync/apis/', { 'Fn::GetAtt': [Match.stringLikeRegexp('^GraphqlApi'), 'ApiId'] }]] },
      RetentionInDays: 30,
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^GraphqlLogsRole') }],
      PolicyDocument: {
        Statement: [{
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Effect: 'Allow',
          Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^GraphqlLogs'), 'Arn'] },
        }],
      },
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({
          Principal: { Service: 'appsync.amazonaws.com' },
          Condition: Match.objectLike({ StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } }),
        })],
      },
      ManagedPolicyArns: Match.absent(),
    });
    // no LogRetention custom resource, as `logConfig.retention` of the L2 would add
    template.resourceCountIs('Custom::LogRetention', 0);
    template.resourceCountIs('AWS::Lambda::Function', 0);
  });

  test('name, key validity, tracing, field log level, verbose content and retention set by the user', () => {
    const scope = stack();
    graphqlApi(scope, {
      name: 'orders',
      apiKeyExpiry: Duration.days(365),
      xrayEnabled: false,
      fieldLogLevel: appsync.FieldLogLevel.INFO,
      excludeVerboseContent: false,
      logRetention: logs.RetentionDays.ONE_WEEK,
    });
    const template = Template.fromStack(scope);
    template.hasResourceProperties('AWS::AppSync::GraphQLApi', {
      Name: 'orders',
      XrayEnabled: false,
      LogConfig: Match.objectLike({ FieldLogLevel: 'INFO', ExcludeVerboseContent: false }),
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 7 });
    const expires = Object.values(template.findResources('AWS::AppSync::ApiKey'))[0].Properties.Expires;
    expect(expires - Date.now() / 1000).toBeGreaterThan(Duration.days(364).toSeconds());
  });

  test('IAM: signed requests only, no API key', () => {
    const scope = stack();
    const api = graphqlApi(scope, { authorization: GraphqlAuthorization.IAM });
    const template = Template.fromStack(scope);
    template.hasResourceProperties('AWS::AppSync::GraphQLApi', { AuthenticationType: 'AWS_IAM' });
    template.resourceCountIs('AWS::AppSync::ApiKey', 0);
    template.resourceCountIs('AWS::Cognito::UserPool', 0);
    expect(api.apiKey).toBeUndefined();
    expect(api.userPool).toBeUndefined();
  });

  test('USER_POOL with a given pool: tokens of that pool, no pool of its own, no API key', () => {
    const scope = stack();
    const userPool = new cognito.UserPool(scope, 'Users');
    const api = graphqlApi(scope, { authorization: GraphqlAuthorization.USER_POOL, userPool });
    const template = Template.fromStack(scope);
    template.hasResourceProperties('AWS::AppSync::GraphQLApi', {
      AuthenticationType: 'AMAZON_COGNITO_USER_POOLS',
      UserPoolConfig: Match.objectLike({ UserPoolId: { Ref: Match.stringLikeRegexp('^Users') }, DefaultAction: 'ALLOW' }),
    });
    template.resourceCountIs('AWS::Cognito::UserPool', 1);
    template.resourceCountIs('AWS::AppSync::ApiKey', 0);
    expect(api.userPool).toBe(userPool);
  });

  test('USER_POOL without a pool: a pool of its own, admin-created users signing in by email, strong passwords, optional TOTP MFA', () => {
    const scope = stack();
    const api = graphqlApi(scope, { authorization: GraphqlAuthorization.USER_POOL });
    const template = Template.fromStack(scope);
    template.hasResourceProperties('AWS::AppSync::GraphQLApi', {
      AuthenticationType: 'AMAZON_COGNITO_USER_POOLS',
      UserPoolConfig: Match.objectLike({ UserPoolId: { Ref: Match.stringLikeRegexp('^GraphqlUserPool') } }),
    });
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      UsernameAttributes: ['email'],
      Policies: {
        PasswordPolicy: {
          MinimumLength: 12,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
          TemporaryPasswordValidityDays: 3,
        },
      },
      MfaConfiguration: 'OPTIONAL',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      UserPoolTier: 'ESSENTIALS',
    });
    expect(api.userPool).toBeInstanceOf(cognito.UserPool);
  });

  test('two resolvers: a Lambda data source, its own role and a direct resolver per field', () => {
    // GIVEN
    const scope = stack();
    const api = graphqlApi(scope);

    // WHEN
    const getItem = api.addResolver('Query', 'getItem', new ServiceFunction(scope, 'GetItem', { assetPath }));
    api.addResolver('Mutation', 'putItem', new ServiceFunction(scope, 'PutItem', { assetPath }));

    // THEN
    const template = Template.fromStack(scope);
    template.resourceCountIs('AWS::AppSync::DataSource', 2);
    template.resourceCountIs('AWS::AppSync::Resolver', 2);
    template.hasResourceProperties('AWS::AppSync::DataSource', {
      Name: 'Query_getItem',
      Type: 'AWS_LAMBDA',
      LambdaConfig: { LambdaFunctionArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^GetItem'), 'Arn'] } },
      ServiceRoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^GraphqlApiQueryGetItemDataSourceServiceRole'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::AppSync::DataSource', {
      Name: 'Mutation_putItem',
      LambdaConfig: { LambdaFunctionArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^PutItem'), 'Arn'] } },
    });
    // no mapping templates and no code: AppSync passes its context to the function as the event
    template.hasResourceProperties('AWS::AppSync::Resolver', {
      TypeName: 'Query',
      FieldName: 'getItem',
      DataSourceName: 'Query_getItem',
      Kind: 'UNIT',
      RequestMappingTemplate: Match.absent(),
      Code: Match.absent(),
    });
    template.hasResourceProperties('AWS::AppSync::Resolver', { TypeName: 'Mutation', FieldName: 'putItem', DataSourceName: 'Mutation_putItem' });
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^GraphqlApiMutationPutItemDataSourceServiceRole') }],
      PolicyDocument: {
        Statement: [Match.objectLike({ Action: 'lambda:InvokeFunction', Resource: Match.arrayWith([{ 'Fn::GetAtt': [Match.stringLikeRegexp('^PutItem'), 'Arn'] }]) })],
      },
    });
    expect(getItem).toBeInstanceOf(appsync.Resolver);
  });

  test.each([
    ['Query', 'item'],
    ['Query', 'items'],
    ['Query', 'search'],
    ['Mutation', 'archive'],
    ['Item', 'owner'],
    ['Subscription', 'onArchived'],
  ])('finds %s.%s in the schema: extend type, implements, directives, descriptions and comments', (typeName, fieldName) => {
    const file = schema('rich.graphql', `
      # type Commented { hidden: Int }
      """
      An item. type Described { hidden: Int }
      """
      type Item implements Node & Owned @aws_api_key @aws_cognito_user_pools(cognito_groups: ["admin"]) {
        id: ID!
        "the owner"
        owner: String @deprecated(reason: "use { ownerId: ID }")
      }
      interface Node { id: ID! }
      interface Owned { owner: String }
      input ItemFilter { hidden: String, query: String }
      enum Order { ASC DESC }
      schema { query: Query mutation: Mutation subscription: Subscription }
      type Query {
        item(id: ID!): Item
        items(filter: ItemFilter = { query: "a: b" }, order: Order = ASC, limit: Int = 10): [Item!]!
      }
      extend type Query { search(text: String!): [Item] }
      type Mutation { archive(id: ID!): Item }
      type Subscription { onArchived: Item @aws_subscribe(mutations: ["archive"]) }
    `);
    const scope = stack();
    const api = graphqlApi(scope, { schemaFile: file });
    expect(() => api.addResolver(typeName, fieldName, new ServiceFunction(scope, 'Fn', { assetPath }))).not.toThrow();
  });

  test.each([
    ['Commented', 'hidden', `${schemaDir}/rich.graphql declares no \`type Commented\`.`],
    ['Described', 'hidden', `${schemaDir}/rich.graphql declares no \`type Described\`.`],
    ['ItemFilter', 'hidden', `${schemaDir}/rich.graphql declares no \`type ItemFilter\`.`],
    ['Query', 'filter', `\`type Query\` in ${schemaDir}/rich.graphql has no field \`filter\` (it has item, items, search).`],
    ['Item', 'reason', `\`type Item\` in ${schemaDir}/rich.graphql has no field \`reason\` (it has id, owner).`],
  ])('refuses %s.%s: comments, descriptions, inputs and arguments are not fields', (typeName, fieldName, message) => {
    const scope = stack();
    const api = graphqlApi(scope, { schemaFile: path.join(schemaDir, 'rich.graphql') });
    expect(() => api.addResolver(typeName, fieldName, new ServiceFunction(scope, 'Fn', { assetPath })))
      .toThrow(`Test/Graphql: cannot resolve \`${typeName}.${fieldName}\`: ${message}`);
  });

  test('refuses a second resolver for the same field', () => {
    const scope = stack();
    const api = graphqlApi(scope);
    api.addResolver('Query', 'getItem', new ServiceFunction(scope, 'GetItem', { assetPath }));
    expect(() => api.addResolver('Query', 'getItem', new ServiceFunction(scope, 'GetItemAgain', { assetPath })))
      .toThrow('Test/Graphql: `Query.getItem` already has a resolver; call `addResolver` once per field.');
  });

  test.each<[string, Partial<ServerlessGraphqlApiProps>, string]>([
    ['a missing schema file', { schemaFile: path.join(schemaDir, 'missing.graphql') }, `\`schemaFile\` ${schemaDir}/missing.graphql does not exist.`],
    ['a folder for a schema file', { schemaFile: schemaDir }, `\`schemaFile\` ${schemaDir} is not a file.`],
    ['a key valid less than a day', { apiKeyExpiry: Duration.hours(12) }, '`apiKeyExpiry` must be 1-365 days; got 12 hours.'],
    ['a key valid more than a year', { apiKeyExpiry: Duration.days(400) }, '`apiKeyExpiry` must be 1-365 days; got 400 days.'],
    ['a key validity without API keys', { authorization: GraphqlAuthorization.IAM, apiKeyExpiry: Duration.days(7) }, '`apiKeyExpiry` needs `authorization` API_KEY; got IAM.'],
  ])('rejects %s, naming the prop', (_case, props, message) => {
    expect(() => graphqlApi(stack(), props)).toThrow(`Test/Graphql: ${message}`);
  });

  test('reports every bad prop at once', () => {
    expect(() => graphqlApi(stack(), { schemaFile: path.join(schemaDir, 'missing.graphql'), apiKeyExpiry: Duration.days(400) }))
      .toThrow(`Test/Graphql: \`schemaFile\` ${schemaDir}/missing.graphql does not exist.\nTest/Graphql: \`apiKeyExpiry\` must be 1-365 days; got 400 days.`);
  });

  test('rejects a user pool without USER_POOL authorization, naming both props', () => {
    const scope = stack();
    const userPool = new cognito.UserPool(scope, 'Users');
    expect(() => graphqlApi(scope, { userPool })).toThrow('Test/Graphql: `userPool` needs `authorization` USER_POOL; got API_KEY.');
  });
});

describe('ServerlessGraphqlApi and cdk-nag', () => {
  /** A stack with the API and two resolvers, each on a function of its own. */
  function apiWithResolvers(props: Partial<ServerlessGraphqlApiProps> = {}): Stack {
    const scope = stack();
    const api = graphqlApi(scope, props);
    for (const [id, typeName, fieldName] of [['GetItem', 'Query', 'getItem'], ['PutItem', 'Mutation', 'putItem']]) {
      const handler = new ServiceFunction(scope, id, { assetPath });
      // as `Microservice` does for a function behind a route
      Validations.of(handler).acknowledge({
        id: 'Serverless-LambdaDLQ',
        reason: `Invoked synchronously by AppSync (${typeName}.${fieldName}): errors go back to the caller.`,
      });
      api.addResolver(typeName, fieldName, handler);
    }
    return scope;
  }

  function findings(pack: NagPack, scope: Stack): string[] {
    return pack.validateScope(scope).violations
      .map((violation) => `${violation.severity} ${violation.ruleName} at ${violation.violatingResources.map((r) => r.constructPath).join(', ')}`);
  }

  test.each<[string, GraphqlAuthorization, () => NagPack]>([
    ['AwsSolutions', GraphqlAuthorization.API_KEY, () => new AwsSolutionsChecks()],
    ['Serverless', GraphqlAuthorization.API_KEY, () => new ServerlessChecks()],
    ['ServerlessPatterns', GraphqlAuthorization.API_KEY, () => new ServerlessPatternsChecks()],
    ['AwsSolutions', GraphqlAuthorization.USER_POOL, () => new AwsSolutionsChecks()],
    ['AwsSolutions', GraphqlAuthorization.IAM, () => new AwsSolutionsChecks()],
  ])('%s: no unacknowledged findings with %s authorization', (_pack, authorization, pack) => {
    expect(findings(pack(), apiWithResolvers({ authorization }))).toEqual([]);
  });

  test('AppSync may invoke its function and that function\'s versions only: the `:*` wildcard of each data source is acknowledged by its exact id', () => {
    const scope = apiWithResolvers();
    const dataSource = scope.node.findAll().find((c) => c.node.path === 'Test/Graphql/Api/QueryGetItemDataSource')!;
    const fn = scope.node.findChild('GetItem') as ServiceFunction;
    const logicalId = scope.getLogicalId(fn.node.defaultChild as lambda.CfnFunction);
    expect(acknowledged(dataSource)).toEqual([`AwsSolutions-IAM5[Resource::<${logicalId}.Arn>:*]`]);
  });

  test('the wildcard of an imported function is acknowledged by its ARN', () => {
    const scope = stack();
    const api = graphqlApi(scope);
    const imported = lambda.Function.fromFunctionAttributes(scope, 'Imported', {
      functionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:get-item',
      sameEnvironment: true,
    });
    api.addResolver('Query', 'getItem', imported);
    expect(findings(new AwsSolutionsChecks(), scope)).toEqual([]);
  });

  test('a function behind its live alias is invoked through the alias, with no wildcard to acknowledge', () => {
    const scope = stack();
    const api = graphqlApi(scope);
    const fn = new ServiceFunction(scope, 'GetItem', { assetPath, preset: FunctionPreset.LATENCY_SENSITIVE });
    Validations.of(fn).acknowledge({ id: 'Serverless-LambdaDLQ', reason: 'Invoked synchronously by AppSync (Query.getItem).' });
    api.addResolver('Query', 'getItem', fn.invocable);
    Template.fromStack(scope).hasResourceProperties('AWS::AppSync::DataSource', {
      LambdaConfig: { LambdaFunctionArn: { Ref: Match.stringLikeRegexp('^GetItemLiveAlias') } },
    });
    expect(findings(new AwsSolutionsChecks(), scope)).toEqual([]);
    expect(acknowledged(scope.node.findAll().find((c) => c.node.path === 'Test/Graphql/Api/QueryGetItemDataSource')!)).toEqual([]);
  });

  test('AwsSolutions-ASC3 is acknowledged only while verbose content is excluded; with it, the API complies', () => {
    const withoutVerbose = stack();
    const api = graphqlApi(withoutVerbose);
    expect(acknowledged(api.api.node.defaultChild!)).toEqual(['AwsSolutions-ASC3']);

    const verbose = stack();
    const verboseApi = graphqlApi(verbose, { excludeVerboseContent: false });
    expect(acknowledged(verboseApi.api.node.defaultChild!)).toEqual([]);
    expect(findings(new AwsSolutionsChecks(), verbose)).toEqual([]);
  });

  test('the created user pool complies with COG1; MFA (COG2) and the Plus plan (COG8) are acknowledged as the app\'s choices', () => {
    const scope = stack();
    const api = graphqlApi(scope, { authorization: GraphqlAuthorization.USER_POOL });
    expect(acknowledged(api.userPool!)).toEqual(['AwsSolutions-COG2', 'AwsSolutions-COG8']);
    expect(findings(new AwsSolutionsChecks(), scope)).toEqual([]);
  });
});

describe('ServerlessGraphqlApi with resolvers in nested stacks', () => {
  test('a function\'s data source and resolver go into its stack; the schema stays with the API, and each resolver waits for it', () => {
    // GIVEN
    const scope = stack();
    const api = graphqlApi(scope);
    const items = new NestedStack(scope, 'ItemsStack');
    const handler = new ServiceFunction(items, 'GetItem', { assetPath });

    // WHEN
    api.addResolver('Query', 'getItem', handler);

    // THEN
    const nested = Template.fromStack(items);
    nested.hasResourceProperties('AWS::AppSync::DataSource', { Type: 'AWS_LAMBDA', Name: 'Query_getItem' });
    nested.hasResourceProperties('AWS::AppSync::Resolver', { TypeName: 'Query', FieldName: 'getItem' });
    const parent = Template.fromStack(scope);
    parent.resourceCountIs('AWS::AppSync::DataSource', 0);
    parent.hasResource('AWS::CloudFormation::Stack', { DependsOn: Match.arrayWith([Match.stringLikeRegexp('^GraphqlApiSchema')]) });
    const errors = new AwsSolutionsChecks().validateScope(scope).violations.filter((violation) => violation.severity === 'error').map((violation) => violation.ruleName);
    expect(errors).toEqual([]);
  });
});
