/**
 * An API → SQS route as API Gateway runs it: the request's content type checked against the
 * integration's request templates (`PassthroughBehavior`), the body sent with `SendMessage`, and
 * SQS's answer mapped back through the integration responses, selected by SQS's status code.
 *
 * @module
 */
import { ERROR_TYPE_HEADER, HttpResponse, REQUEST_ID_HEADER } from './proxy-result';
import { LocalSqsIntegration } from '../local-app';

/**
 * SQS's limit on a message, body and attributes together: 1 MiB (1,048,576 bytes) since August 2025
 * (256 KiB before). A larger `SendMessage` is refused with HTTP 400.
 */
export const MAX_SQS_MESSAGE_BYTES = 1024 * 1024;

/** The content type API Gateway assumes for a request without one. */
const DEFAULT_CONTENT_TYPE = 'application/json';

/** Sends a message to the route's queue; resolves to its id. */
export type SendMessage = (queueLogicalId: string, body: string) => Promise<string>;

/**
 * Whether API Gateway refuses the request's content type before calling SQS (415 `Unsupported Media Type`): no
 * request template maps it and the integration's `PassthroughBehavior` is `NEVER`, or `WHEN_NO_TEMPLATES` with
 * templates for other types.
 */
export function refusesContentType(integration: LocalSqsIntegration, contentType: string | undefined): boolean {
  const mediaType = (contentType?.split(';', 1)[0].trim().toLowerCase() || DEFAULT_CONTENT_TYPE);
  if (integration.requestContentTypes.some((type) => type.toLowerCase() === mediaType)) {
    return false;
  }
  return integration.passthroughBehavior === 'NEVER'
    || (integration.passthroughBehavior === 'WHEN_NO_TEMPLATES' && integration.requestContentTypes.length > 0);
}

/** API Gateway's 415 for a content type the integration does not map. */
export function unsupportedMediaType(requestId: string): HttpResponse {
  return {
    statusCode: 415,
    headers: { 'Content-Type': 'application/json', [REQUEST_ID_HEADER]: requestId, [ERROR_TYPE_HEADER]: 'UnsupportedMediaTypeException' },
    body: Buffer.from('{"message": "Unsupported Media Type"}', 'utf8'),
  };
}

/**
 * The answer of an API → SQS route: 200 `{ messageId, requestId }` with the success response's headers when SQS
 * took the message; when SQS refuses it (HTTP 400: over `MAX_SQS_MESSAGE_BYTES`, or empty), the integration
 * response selected by `400`; when sending fails otherwise, the one selected by `500`. Without a matching
 * response, 500 `The message could not be queued.`.
 */
export async function queueRoute(integration: LocalSqsIntegration, body: Buffer, requestId: string, send?: SendMessage): Promise<HttpResponse> {
  if (!send) {
    return errorAnswer(integration, 500, requestId);
  }
  if (body.length === 0 || body.length > MAX_SQS_MESSAGE_BYTES) {
    return errorAnswer(integration, 400, requestId);
  }
  try {
    const messageId = await send(integration.queue, body.toString('utf8'));
    return json(200, { messageId, requestId }, { ...integration.headers }, requestId);
  } catch {
    return errorAnswer(integration, 500, requestId);
  }
}

/** The integration response SQS's status selects, as API Gateway answers it. */
function errorAnswer(integration: LocalSqsIntegration, sqsStatus: number, requestId: string): HttpResponse {
  const selected = integration.errorResponses.find((response) => new RegExp(`^(?:${response.selectionPattern})$`).test(String(sqsStatus)));
  if (!selected) {
    return json(500, { message: 'The message could not be queued.', requestId }, {}, requestId);
  }
  const message = selected.message ?? (sqsStatus === 400 ? 'The queue refused the message.' : 'The message could not be queued.');
  return json(selected.statusCode, { message, requestId }, { ...selected.headers }, requestId);
}

function json(statusCode: number, body: object, headers: Record<string, string>, requestId: string): HttpResponse {
  return {
    statusCode,
    headers: { ...headers, 'Content-Type': 'application/json', [REQUEST_ID_HEADER]: requestId },
    body: Buffer.from(JSON.stringify(body), 'utf8'),
  };
}
