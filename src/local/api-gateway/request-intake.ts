/**
 * What API Gateway checks of a request before anything else, and how local mode receives it
 * without keeping more than API Gateway would: the body read up to 10 MB and counted past it, the
 * request line and headers measured against API Gateway's 10,240 bytes, and the requests Node's
 * own parser refuses answered as API Gateway answers them.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { gatewayError, HttpResponse, MAX_REQUEST_PAYLOAD_BYTES, REQUEST_ID_HEADER } from './proxy-result';

/** API Gateway's limit on the URL of a regional REST API, in characters. */
export const MAX_URL_CHARACTERS = 10_240;
/** API Gateway's limit on the request line and the headers together, in bytes. */
export const MAX_REQUEST_LINE_AND_HEADERS_BYTES = 10_240;
/**
 * The request line and headers Node's parser reads (its default is 16 KB): above API Gateway's limit, so that
 * local mode, not Node, answers what API Gateway refuses.
 */
export const PARSER_MAX_HEADER_BYTES = 64 * 1024;

/** A body as received: the bytes kept (at most `MAX_REQUEST_PAYLOAD_BYTES`) and how many were sent. */
export interface ReceivedBody {
  readonly body: Buffer;
  /** Every byte sent, those not kept included. */
  readonly bytes: number;
}

/** Reads the body, keeping at most API Gateway's 10 MB and counting (without keeping) the rest. */
export async function readBody(req: AsyncIterable<unknown>): Promise<ReceivedBody> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    const room = MAX_REQUEST_PAYLOAD_BYTES - bytes;
    if (room > 0) {
      chunks.push(buffer.length <= room ? buffer : buffer.subarray(0, room));
    }
    bytes += buffer.length;
  }
  return { body: Buffer.concat(chunks), bytes };
}

/** The size API Gateway counts against `MAX_REQUEST_LINE_AND_HEADERS_BYTES`: the request line, then each header line. */
export function requestLineAndHeadersBytes(req: Pick<IncomingMessage, 'method' | 'url' | 'httpVersion' | 'rawHeaders'>): number {
  let bytes = Buffer.byteLength(`${req.method} ${req.url} HTTP/${req.httpVersion}\r\n`);
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    bytes += Buffer.byteLength(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}\r\n`);
  }
  return bytes;
}

/** 414 for a URL over `MAX_URL_CHARACTERS`. */
export function uriTooLong(requestId: string = randomUUID()): HttpResponse {
  return plainJson(414, '{"message":"Request-URI Too Long"}', requestId);
}

/** 431 for a request line and headers over `MAX_REQUEST_LINE_AND_HEADERS_BYTES`. */
export function headersTooLarge(requestId: string = randomUUID()): HttpResponse {
  return plainJson(431, '{"message":"Request Header Fields Too Large"}', requestId);
}

/**
 * The answer to a request Node's parser refused (its `clientError`), as raw HTTP, and why: headers past
 * `PARSER_MAX_HEADER_BYTES` get the 431 of `headersTooLarge`; a method Node does not know reaches no route of the
 * API (403 `Missing Authentication Token`); anything else malformed is a 400. Undefined when the socket cannot
 * be answered any more.
 */
export function clientErrorAnswer(code: string | undefined): { readonly raw: string; readonly statusCode: number; readonly why: string } {
  const requestId = randomUUID();
  const [response, why] = code === 'HPE_HEADER_OVERFLOW'
    ? [headersTooLarge(requestId), `request line and headers over ${PARSER_MAX_HEADER_BYTES} bytes`]
    : code === 'HPE_INVALID_METHOD'
      ? [gatewayError('missingAuthenticationToken', requestId), 'a method API Gateway does not route']
      : [plainJson(400, '{"message":"Bad Request"}', requestId), `a malformed request (${code ?? 'unknown parser error'})`];
  const headers = Object.entries({ ...response.headers, 'Content-Length': String(response.body.length), 'Connection': 'close' })
    .map(([name, value]) => `${name}: ${value}`).join('\r\n');
  const raw = `HTTP/1.1 ${response.statusCode} ${STATUS_TEXT[response.statusCode] ?? 'Error'}\r\n${headers}\r\n\r\n${response.body.toString('utf8')}`;
  return { raw, statusCode: response.statusCode, why };
}

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 403: 'Forbidden', 431: 'Request Header Fields Too Large' };

function plainJson(statusCode: number, body: string, requestId: string): HttpResponse {
  return { statusCode, headers: { 'Content-Type': 'application/json', [REQUEST_ID_HEADER]: requestId }, body: Buffer.from(body, 'utf8') };
}
