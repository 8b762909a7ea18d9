/**
 * Gateway responses: what an API sets on API Gateway's own errors (the authorizer's 401 and 403, the
 * validator's 400s, a missing route's 403, the integration's 502 and 504), by response type. A type without a
 * gateway response of its own takes the API's `DEFAULT_4XX` or `DEFAULT_5XX`, by the error's status
 * ("Gateway response types for API Gateway", API Gateway developer guide).
 *
 * @module
 */
import type { HttpResponse } from './proxy-result';
import type { LocalGatewayResponse } from '../local-app';

/** The request's headers, as the server reads them. */
type RequestHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

/**
 * `response`, an error API Gateway answers itself, with the status and headers of the API's gateway response of
 * `type` (else its `DEFAULT_4XX` or `DEFAULT_5XX`). A header taken from a request header the request lacks is
 * left out, as API Gateway leaves it.
 */
export function withGatewayResponse(
  response: HttpResponse,
  type: string,
  gatewayResponses: readonly LocalGatewayResponse[] | undefined,
  requestHeaders: RequestHeaders,
): HttpResponse {
  const fallback = response.statusCode >= 500 ? 'DEFAULT_5XX' : 'DEFAULT_4XX';
  const gatewayResponse = gatewayResponses?.find((candidate) => candidate.type === type)
    ?? gatewayResponses?.find((candidate) => candidate.type === fallback);
  if (!gatewayResponse) {
    return response;
  }
  const headers: Record<string, string | readonly string[]> = { ...response.headers };
  for (const [name, value] of Object.entries(gatewayResponse.headers)) {
    const resolved = value.literal ?? (value.requestHeader === undefined ? undefined : headerValue(requestHeaders, value.requestHeader));
    if (resolved !== undefined) {
      headers[name] = resolved;
    }
  }
  return { ...response, statusCode: gatewayResponse.statusCode ?? response.statusCode, headers };
}

/** The value of a request header, whatever its case; the last one when repeated. */
function headerValue(headers: RequestHeaders, name: string): string | undefined {
  const key = Object.keys(headers).find((header) => header.toLowerCase() === name.toLowerCase());
  const value = key === undefined ? undefined : headers[key];
  return typeof value === 'string' ? value : value?.[value.length - 1];
}
