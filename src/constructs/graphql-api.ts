import * as fs from 'node:fs';
import { Aws, Duration, Expiration, Names, Stack, Token, Validations } from 'aws-cdk-lib';
import * as appsync from 'aws-cdk-lib/aws-appsync';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { findingText } from './nag-finding';

/**
 * How callers of a `ServerlessGraphqlApi` authenticate.
 */
export enum GraphqlAuthorization {
  /** An API key in the `x-api-key` header: for public or prototype APIs. */
  API_KEY = 'API_KEY',
  /** SigV4-signed requests from IAM principals: for service-to-service calls. */
  IAM = 'IAM',
  /** Cognito user pool tokens: for APIs of signed-in users. */
  USER_POOL = 'USER_POOL',
}

/**
 * Properties of a `ServerlessGraphqlApi`.
 */
export interface ServerlessGraphqlApiProps {
  /**
   * Name of the GraphQL API.
   *
   * @default - a name derived from the construct's path
   */
  readonly name?: string;

  /**
   * Path of the `schema.graphql` file (SDL) that defines the API.
   */
  readonly schemaFile: string;

  /**
   * How callers authenticate.
   *
   * @default GraphqlAuthorization.API_KEY
   */
  readonly authorization?: GraphqlAuthorization;

  /**
   * How long the API key stays valid, counted from each synthesis: every deployment renews it,
   * so the key of an app deployed at least this often never expires. AppSync allows 1 to 365
   * days. Only for `GraphqlAuthorization.API_KEY`.
   *
   * 30 days by default: a leaked key stops working within a month, and a monthly deployment
   * keeps it alive (AppSync's own 7 days would break apps deployed less than weekly).
   *
   * @default Duration.days(30)
   */
  readonly apiKeyExpiry?: Duration;

  /**
   * The user pool whose tokens the API accepts. Only for `GraphqlAuthorization.USER_POOL`.
   *
   * @default - for `USER_POOL`, a user pool of its own: sign-in by email, no self sign-up, passwords of 12
   * characters or more with every character class, optional TOTP MFA; add an app client with `userPool.addClient()`
   */
  readonly userPool?: cognito.IUserPool;

  /**
   * Whether AppSync sends X-Ray traces.
   *
   * @default true
   */
  readonly xrayEnabled?: boolean;

  /**
   * Which resolver (field-level) events are logged.
   *
   * Not `ALL` by default: it logs the arguments and results of every field, and these can hold
   * personal data.
   *
   * @default appsync.FieldLogLevel.ERROR
   */
  readonly fieldLogLevel?: appsync.FieldLogLevel;

  /**
   * Whether the logs leave out request and response headers (bearer tokens, API keys),
   * resolver context and evaluated mapping templates (arguments and results).
   *
   * With `true`, cdk-nag's AwsSolutions-ASC3 (which asks for this verbose content) is acknowledged on the API.
   *
   * @default true
   */
  readonly excludeVerboseContent?: boolean;

  /**
   * How long the API's log group, `/aws/appsync/apis/<apiId>`, keeps its logs.
   *
   * The stack creates that log group, so it must not exist yet: an API that logged before it
   * was managed by this construct already has one (import it, or delete it before deploying).
   *
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * An AppSync GraphQL API defined by a schema file, with one Lambda data source and resolver per field.
 *
 * Defaults: API key authorization (keys valid 30 days from each deployment), X-Ray tracing,
 * ERROR field logging without verbose content into the API's own log group, created in the stack
 * and kept for one month (not through `logConfig.retention`, which adds a custom resource); the
 * logs role may write to that log group only. Every `addResolver` field is checked against the
 * schema file at synthesis.
 */
export class ServerlessGraphqlApi extends Construct {
  /** The GraphQL API. */
  public readonly api: appsync.GraphqlApi;
  /** The log group AppSync writes to, `/aws/appsync/apis/<apiId>`. */
  public readonly logGroup: logs.LogGroup;
  /** The user pool whose tokens the API accepts, with `GraphqlAuthorization.USER_POOL`. */
  public readonly userPool?: cognito.IUserPool;

  private readonly schemaFile: string;
  private readonly schemaFields: Map<string, Set<string>>;
  private readonly resolvers = new Map<string, appsync.Resolver>();

  constructor(scope: Construct, id: string, props: ServerlessGraphqlApiProps) {
    super(scope, id);
    const authorization = props.authorization ?? GraphqlAuthorization.API_KEY;
    checkProps(this, props, authorization);
    this.schemaFile = props.schemaFile;
    this.schemaFields = fieldsOf(fs.readFileSync(props.schemaFile, 'utf8'));

    if (authorization === GraphqlAuthorization.USER_POOL) {
      this.userPool = props.userPool ?? this.createUserPool();
    }
    this.api = new appsync.GraphqlApi(this, 'Api', {
      name: props.name ?? Names.uniqueResourceName(this, { maxLength: 64 }),
      definition: appsync.Definition.fromFile(props.schemaFile),
      authorizationConfig: { defaultAuthorization: this.authorizationMode(authorization, props.apiKeyExpiry) },
      xrayEnabled: props.xrayEnabled ?? true,
    });
    this.logGroup = this.configureLogging(props);
  }

  /** The GraphQL endpoint URL. */
  public get graphqlUrl(): string {
    return this.api.graphqlUrl;
  }

  /** The API key, with `GraphqlAuthorization.API_KEY` (a value for a `CfnOutput`). */
  public get apiKey(): string | undefined {
    return this.api.apiKey;
  }

  /**
   * Resolves `typeName.fieldName` with `handler`, through a Lambda data source of its own
   * (direct Lambda resolver: the function receives the AppSync context as its event).
   * The field must be declared in the schema file, and can be resolved only once.
   */
  public addResolver(typeName: string, fieldName: string, handler: lambda.IFunction): appsync.Resolver {
    const field = `${typeName}.${fieldName}`;
    if (this.resolvers.has(field)) {
      throw new Error(`${this.node.path}: \`${field}\` already has a resolver; call \`addResolver\` once per field.`);
    }
    const fields = this.schemaFields.get(typeName);
    if (!fields) {
      throw new Error(`${this.node.path}: cannot resolve \`${field}\`: ${this.schemaFile} declares no \`type ${typeName}\`.`);
    }
    if (!fields.has(fieldName)) {
      throw new Error(`${this.node.path}: cannot resolve \`${field}\`: \`type ${typeName}\` in ${this.schemaFile} has no field \`${fieldName}\` (it has ${[...fields].join(', ')}).`);
    }
    const id = `${typeName}${fieldName.charAt(0).toUpperCase()}${fieldName.slice(1)}`;
    const dataSource = this.addLambdaDataSource(`${id}DataSource`, handler, `${typeName}_${fieldName}`);
    // a function's grant also covers `<arn>:*`, its versions and aliases (an alias's grant has no wildcard)
    const wildcards = handler.resourceArnsForGrantInvoke.map((arn) => findingText(Stack.of(handler).resolve(arn))).filter((arn) => arn.includes('*'));
    Validations.of(dataSource).acknowledge(...wildcards.map((arn) => ({
      id: `AwsSolutions-IAM5[Resource::${arn}]`,
      reason: `CDK's grant lets AppSync invoke the versions and aliases of the function that resolves ${field}, and that one function only.`,
    })));
    // `createResolver` puts the resolver under the API; in another stack it stays beside its data source
    const resolver = Stack.of(handler) === Stack.of(this)
      ? dataSource.createResolver(`${id}Resolver`, { typeName, fieldName })
      : new appsync.Resolver(dataSource.node.scope as Construct, `${id}Resolver`, { api: this.api, dataSource, typeName, fieldName });
    this.resolvers.set(field, resolver);
    return resolver;
  }

  /**
   * The data source of `handler`, in the handler's stack: a service's nested stack keeps the data
   * sources and resolvers of its functions (the API's schema is in the API's stack, and each
   * resolver waits for it).
   */
  private addLambdaDataSource(id: string, handler: lambda.IFunction, name: string): appsync.LambdaDataSource {
    const stack = Stack.of(handler);
    if (stack === Stack.of(this)) {
      return this.api.addLambdaDataSource(id, handler, { name });
    }
    const scope = stack.node.tryFindChild(`${this.node.id}Resolvers`) as Construct | undefined ?? new Construct(stack, `${this.node.id}Resolvers`);
    return new appsync.LambdaDataSource(scope, id, { api: this.api, lambdaFunction: handler, name });
  }

  private authorizationMode(authorization: GraphqlAuthorization, apiKeyExpiry?: Duration): appsync.AuthorizationMode {
    switch (authorization) {
      case GraphqlAuthorization.IAM:
        return { authorizationType: appsync.AuthorizationType.IAM };
      case GraphqlAuthorization.USER_POOL:
        return { authorizationType: appsync.AuthorizationType.USER_POOL, userPoolConfig: { userPool: this.userPool! } };
      default:
        return {
          authorizationType: appsync.AuthorizationType.API_KEY,
          apiKeyConfig: { expires: Expiration.after(apiKeyExpiry ?? Duration.days(30)) },
        };
    }
  }

  /**
   * The log group is created in the stack, with its retention, under the name AppSync writes to;
   * `logConfig` is set on the L1 resource because the L2's adds a `LogRetention` custom resource.
   */
  private configureLogging(props: ServerlessGraphqlApiProps): logs.LogGroup {
    const role = new iam.Role(this, 'LogsRole', {
      assumedBy: new iam.ServicePrincipal('appsync.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          // the API's own ARN would make a cycle: the API names this role
          ArnLike: { 'aws:SourceArn': `arn:${Aws.PARTITION}:appsync:${Aws.REGION}:${Aws.ACCOUNT_ID}:apis/*` },
        },
      }),
    });
    const excludeVerboseContent = props.excludeVerboseContent ?? true;
    const resource = this.api.node.defaultChild as appsync.CfnGraphQLApi;
    resource.logConfig = {
      cloudWatchLogsRoleArn: role.roleArn,
      fieldLogLevel: props.fieldLogLevel ?? appsync.FieldLogLevel.ERROR,
      excludeVerboseContent,
    };
    const logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName: `/aws/appsync/apis/${this.api.apiId}`,
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
    });
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [logGroup.logGroupArn],
    }));
    if (excludeVerboseContent) {
      Validations.of(resource).acknowledge({
        id: 'AwsSolutions-ASC3',
        reason: 'Request logging is on (CloudWatch logs role, field errors); `excludeVerboseContent` only leaves out headers (bearer tokens, API keys), '
          + 'resolver context and evaluated mapping templates (arguments and results: personal data). Set `excludeVerboseContent: false` to log them.',
      });
    }
    return logGroup;
  }

  private createUserPool(): cognito.UserPool {
    const userPool = new cognito.UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      featurePlan: cognito.FeaturePlan.ESSENTIALS,
    });
    Validations.of(userPool).acknowledge(
      {
        id: 'AwsSolutions-COG2',
        reason: 'Whether every user must enrol a second factor is the app\'s decision: TOTP MFA is offered (OPTIONAL). Pass a `userPool` with `mfa: Mfa.REQUIRED` to enforce it.',
      },
      {
        id: 'AwsSolutions-COG8',
        reason: 'The Plus feature plan (threat protection) is billed per monthly active user, a cost the app must choose. Pass a `userPool` with `featurePlan: FeaturePlan.PLUS`.',
      },
    );
    return userPool;
  }
}

/** The validity AppSync allows an API key. */
const MIN_API_KEY_EXPIRY = Duration.days(1);
const MAX_API_KEY_EXPIRY = Duration.days(365);

function checkProps(api: ServerlessGraphqlApi, props: ServerlessGraphqlApiProps, authorization: GraphqlAuthorization): void {
  const errors: string[] = [];
  if (!fs.existsSync(props.schemaFile)) {
    errors.push(`\`schemaFile\` ${props.schemaFile} does not exist.`);
  } else if (!fs.statSync(props.schemaFile).isFile()) {
    errors.push(`\`schemaFile\` ${props.schemaFile} is not a file.`);
  }
  const expiry = props.apiKeyExpiry;
  if (expiry && authorization !== GraphqlAuthorization.API_KEY) {
    errors.push(`\`apiKeyExpiry\` needs \`authorization\` API_KEY; got ${authorization}.`);
  }
  const seconds = expiry?.toSeconds() ?? 0;
  if (expiry && !Token.isUnresolved(seconds) && (seconds < MIN_API_KEY_EXPIRY.toSeconds() || seconds > MAX_API_KEY_EXPIRY.toSeconds())) {
    errors.push(`\`apiKeyExpiry\` must be 1-365 days; got ${expiry.toHumanString()}.`);
  }
  if (props.userPool && authorization !== GraphqlAuthorization.USER_POOL) {
    errors.push(`\`userPool\` needs \`authorization\` USER_POOL; got ${authorization}.`);
  }
  if (errors.length > 0) {
    throw new Error(errors.map((error) => `${api.node.path}: ${error}`).join('\n'));
  }
}

/**
 * The fields of every object type of an SDL document, `extend type`s included: a scan of its
 * tokens (comments, strings and descriptions skipped), not a full GraphQL parser.
 */
function fieldsOf(sdl: string): Map<string, Set<string>> {
  const tokens = tokensOf(sdl);
  const types = new Map<string, Set<string>>();
  let i = 0;
  while (i < tokens.length) {
    if (tokens[i] !== 'type' || !isName(tokens[i + 1] ?? '')) {
      i = skipDefinition(tokens, i + 1);
      continue;
    }
    const fields = types.get(tokens[i + 1]) ?? new Set<string>();
    types.set(tokens[i + 1], fields);
    i += 2;
    // `implements A & B @directive(args)` up to the body, if there is one
    while (i < tokens.length && tokens[i] !== '{' && !(isDefinitionStart(tokens[i]) && tokens[i - 1] !== '@')) {
      i = tokens[i] === '(' ? closing(tokens, i) + 1 : i + 1;
    }
    if (tokens[i] !== '{') {
      continue;
    }
    const end = closing(tokens, i);
    for (let j = i + 1; j < end; j++) {
      if (tokens[j] === '(' || tokens[j] === '{' || tokens[j] === '[') {
        j = closing(tokens, j);
      } else if (isName(tokens[j]) && tokens[j - 1] !== '@' && (tokens[j + 1] === ':' || tokens[j + 1] === '(')) {
        fields.add(tokens[j]);
      }
    }
    i = end + 1;
  }
  return types;
}

/** Names and punctuators of an SDL document; comments, strings, block strings and numbers dropped. */
function tokensOf(sdl: string): string[] {
  return [...sdl.matchAll(/"""(?:\\"""|[\s\S])*?"""|"(?:\\.|[^"\\\n])*"|#[^\n]*|[_A-Za-z][_0-9A-Za-z]*|[{}()[\]:@&|=!]/g)]
    .map(([token]) => token)
    .filter((token) => !token.startsWith('"') && !token.startsWith('#'));
}

/** Index of the token that closes the bracket at `open` (or the last index, in a broken document). */
function closing(tokens: string[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    if (tokens[i] === '{' || tokens[i] === '(' || tokens[i] === '[') {
      depth++;
    } else if (tokens[i] === '}' || tokens[i] === ')' || tokens[i] === ']') {
      depth--;
      if (depth === 0) {
        return i;
      }
    }
  }
  return tokens.length - 1;
}

/** From inside a definition that is not an object type, the index of the next definition. */
function skipDefinition(tokens: string[], from: number): number {
  let i = from;
  while (i < tokens.length && !(isDefinitionStart(tokens[i]) && tokens[i - 1] !== '@')) {
    i = ['{', '(', '['].includes(tokens[i]) ? closing(tokens, i) + 1 : i + 1;
  }
  return i;
}

function isDefinitionStart(token: string): boolean {
  return ['type', 'extend', 'schema', 'scalar', 'interface', 'union', 'enum', 'input', 'directive'].includes(token);
}

function isName(token: string): boolean {
  return /^[_A-Za-z]/.test(token);
}

