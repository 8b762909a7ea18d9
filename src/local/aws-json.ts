/**
 * AWS's JSON protocols (1.0 and 1.1) as local mode speaks them: as a client of the emulators it
 * starts (DynamoDB, DynamoDB Streams, Kinesis), and as the server of the APIs it is itself
 * (EventBridge, Step Functions). A request is a `POST` naming its operation in `X-Amz-Target`
 * (`<prefix>.<Operation>`), with a JSON body; an error is answered 400 (or 500) with
 * `{ "__type": code, "message": ... }` and `x-amzn-ErrorType`, which the SDK throws as an error
 * of that name.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** One AWS JSON API. */
export interface AwsJsonApi {
  /** What messages call it: `DynamoDB`, `Step Functions`. */
  readonly name: string;
  /** The `X-Amz-Target` prefix: `DynamoDB_20120810`, `AWSStepFunctions`. */
  readonly targetPrefix: string;
  /** `1.0` or `1.1`: the content type `application/x-amz-json-<version>`. */
  readonly version: '1.0' | '1.1';
  /** The service name of the credential scope of a signature: `dynamodb`, `kinesis`. */
  readonly signingName?: string;
}

/** An error the API answers with: its `__type` and message. */
export class AwsJsonError extends Error {
  /** The error's type, e.g. `ValidationException`: the name the SDK throws it under. */
  public readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = code;
    this.code = code;
  }
}

/**
 * One call of an emulator's API. The emulators check only that a request is signed, not the
 * signature. A failure throws an error named after the answer's `__type` (without its namespace).
 */
export async function awsJsonCall(endpoint: string, api: AwsJsonApi, action: string, body: object): Promise<unknown> {
  const signingName = api.signingName ?? api.name.toLowerCase();
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'Content-Type': `application/x-amz-json-${api.version}`,
      'X-Amz-Target': `${api.targetPrefix}.${action}`,
      'Authorization': `AWS4-HMAC-SHA256 Credential=local/20240101/us-east-1/${signingName}/aws4_request, SignedHeaders=host, Signature=local`,
      'X-Amz-Date': '20240101T000000Z',
    },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) {
    const error = new Error(`local ${api.name}: ${action} failed (${response.status}): ${text}`);
    error.name = /"__type"\s*:\s*"(?:[^"#]*#)?([^"]+)"/.exec(text)?.[1] ?? `${api.name.replace(/\s/g, '')}Error`;
    throw error;
  }
  return text === '' ? {} : JSON.parse(text);
}

/** An operation of a served API: the request's body in, the response's body out, or an `AwsJsonError` thrown. */
export type AwsJsonOperation = (request: Record<string, unknown>) => object;

/**
 * A node:http request listener serving `operations` in the API's protocol: an unknown operation is
 * an `UnknownOperationException`, a body that is not a JSON object a `SerializationException`, an
 * `AwsJsonError` its own 400, anything else a 500 of `internalErrorType`. Signatures are not checked.
 */
export function serveAwsJson(
  api: AwsJsonApi,
  operations: Readonly<Record<string, AwsJsonOperation>>,
  internalErrorType: string,
): (req: IncomingMessage, res: ServerResponse) => void {
  const answer = (req: IncomingMessage, text: string): { statusCode: number; body: object } => {
    const error = (statusCode: number, type: string, message: string) => ({ statusCode, body: { __type: type, message } });
    const target = req.headers['x-amz-target'];
    const prefix = `${api.targetPrefix}.`;
    const operation = typeof target === 'string' && target.startsWith(prefix) ? target.slice(prefix.length) : undefined;
    if (req.method !== 'POST' || !operation || !Object.hasOwn(operations, operation)) {
      const name = typeof target === 'string' ? target : '(no X-Amz-Target header)';
      return error(400, 'UnknownOperationException', `Operation ${name} is not supported by the local ${api.name}; `
        + `these are: ${Object.keys(operations).map((known) => `${prefix}${known}`).join(', ')}.`);
    }
    let request: unknown;
    try {
      request = JSON.parse(text === '' ? '{}' : text);
    } catch {
      return error(400, 'SerializationException', 'The request body is not valid JSON.');
    }
    if (typeof request !== 'object' || request === null || Array.isArray(request)) {
      return error(400, 'SerializationException', 'The request body must be a JSON object.');
    }
    try {
      return { statusCode: 200, body: operations[operation](request as Record<string, unknown>) };
    } catch (caught) {
      if (caught instanceof AwsJsonError) {
        return error(400, caught.code, caught.message);
      }
      return error(500, internalErrorType, caught instanceof Error ? caught.message : String(caught));
    }
  };
  return (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('error', () => res.destroy());
    req.on('end', () => {
      const { statusCode, body } = answer(req, Buffer.concat(chunks).toString('utf8'));
      const headers: Record<string, string> = { 'content-type': `application/x-amz-json-${api.version}`, 'x-amzn-RequestId': randomUUID() };
      if (statusCode !== 200) {
        headers['x-amzn-ErrorType'] = (body as { __type: string }).__type;
      }
      res.writeHead(statusCode, headers);
      res.end(JSON.stringify(body));
    });
  };
}
