import * as apigateway from 'aws-cdk-lib/aws-apigateway';

/** The CORS settings of the API, which the responses of a non-proxy integration must carry themselves. */
export interface QueueApiCors {
  /** Origins CORS allows: `*` alone, named origins, or none when CORS is off. */
  readonly allowOrigins: string[];
  /** Whether CORS allows credentials. */
  readonly allowCredentials: boolean;
}

/** The method's integration responses and the method responses that declare them. */
export interface QueueApiResponses {
  readonly integrationResponses: apigateway.IntegrationResponse[];
  readonly methodResponses: apigateway.MethodResponse[];
}

/** Characters an origin may not have: it is written into a Velocity template. */
const UNSAFE_IN_TEMPLATE = /["'$#\\]/;

/**
 * SendMessage's answer, mapped by its HTTP status: 2xx gives 200 with the message id; 400
 * (SQS refused the message itself: empty, too large, characters SQS does not accept) gives 400;
 * any other 4xx or 5xx (access denied, a missing queue, an SQS fault) is the API's failure,
 * not the caller's, and gives 500. The bodies are JSON with the request id; SQS's own error,
 * which names the account and the queue, is not passed on.
 */
const RESPONSES: ReadonlyArray<{ statusCode: string; selectionPattern?: string; body: string }> = [
  {
    statusCode: '200',
    body: '{"messageId": "$input.path(\'$.SendMessageResponse.SendMessageResult.MessageId\')", "requestId": "$context.requestId"}',
  },
  {
    statusCode: '400',
    selectionPattern: '400',
    body: '{"message": "The queue refused the message.", "requestId": "$context.requestId"}',
  },
  {
    statusCode: '500',
    selectionPattern: '4(0[1-9]|[1-9][0-9])|5[0-9]{2}',
    body: '{"message": "The message could not be queued.", "requestId": "$context.requestId"}',
  },
];

/**
 * The responses of a queue route. A Lambda proxy integration answers CORS itself; this
 * integration's responses get `Access-Control-Allow-Origin` here: `*`, or the caller's `Origin`
 * when it is one of the named origins (with `Vary: Origin`).
 *
 * @param where the route, for error messages
 */
export function queueApiResponses(where: string, cors: QueueApiCors): QueueApiResponses {
  const unsafe = cors.allowOrigins.find((origin) => UNSAFE_IN_TEMPLATE.test(origin));
  if (unsafe !== undefined) {
    throw new Error(`${where}: the API's \`cors.allowOrigins\` entry '${unsafe}' cannot be written into the response template; an origin has no quotes, '$', '#' or '\\'.`);
  }
  const anyOrigin = cors.allowOrigins.includes('*');
  const namedOrigins = anyOrigin ? [] : cors.allowOrigins;
  const headers: Record<string, string> = {
    ...(anyOrigin && { 'method.response.header.Access-Control-Allow-Origin': "'*'" }),
    ...(namedOrigins.length > 0 && { 'method.response.header.Vary': "'Origin'" }),
    ...(cors.allowOrigins.length > 0 && cors.allowCredentials && { 'method.response.header.Access-Control-Allow-Credentials': "'true'" }),
  };
  const declared = [
    ...Object.keys(headers),
    ...(namedOrigins.length > 0 ? ['method.response.header.Access-Control-Allow-Origin'] : []),
  ];
  const prefix = namedOrigins.length > 0 ? originOverride(namedOrigins) : '';
  return {
    integrationResponses: RESPONSES.map(({ statusCode, selectionPattern, body }) => ({
      statusCode,
      selectionPattern,
      responseParameters: Object.keys(headers).length > 0 ? headers : undefined,
      responseTemplates: { 'application/json': prefix + body },
    })),
    methodResponses: RESPONSES.map(({ statusCode }) => ({
      statusCode,
      responseParameters: declared.length > 0 ? Object.fromEntries(declared.map((header) => [header, true])) : undefined,
    })),
  };
}

/** Sets `Access-Control-Allow-Origin` to the caller's `Origin` when it is one of `origins`. */
function originOverride(origins: string[]): string {
  const condition = origins.map((origin) => `$origin == "${origin}"`).join(' || ');
  return [
    '#set($origin = $input.params().header.get("Origin"))',
    '#if("$!origin" == "")#set($origin = $input.params().header.get("origin"))#end',
    `#if(${condition})#set($context.responseOverride.header.Access-Control-Allow-Origin = $origin)#end`,
    '',
  ].join('\n');
}
