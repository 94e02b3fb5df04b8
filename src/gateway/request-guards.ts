import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';

/**
 * A browser sends a form (application/x-www-form-urlencoded, multipart/form-data, text/plain) to
 * any site without asking it first, with the user's network position behind it. The hub takes
 * GraphQL over POST only as JSON, which a browser sends cross-site only after a CORS preflight
 * the hub answers for configured origins alone; every other POST body is refused with 415.
 */
const JSON_TYPES = ['application/json', 'application/graphql-response+json'];

function refusal(fetchAPI: { Response: typeof Response }, status: number, code: string, message: string): Response {
  return new fetchAPI.Response(JSON.stringify({ errors: [{ message, extensions: { code } }] }), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });
}

/** Also refuses, before reading it, a body announced larger than `maxBytes` (TRIBUTARY_MAX_REQUEST_BYTES). */
export function useJsonPostsOnly(maxBytes: number): GatewayPlugin {
  return {
    onRequest({ request, fetchAPI, endResponse }) {
      if (request.method !== 'POST') return;
      const mediaType = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
      if (!JSON_TYPES.includes(mediaType)) {
        const message = `a POST must send its operation as JSON (content-type: application/json), not ${mediaType || 'an unnamed type'}`;
        endResponse(refusal(fetchAPI, 415, 'UNSUPPORTED_MEDIA_TYPE', message));
        return;
      }
      const length = Number(request.headers.get('content-length') ?? 0);
      if (length > maxBytes) {
        const message = `the request body is ${length} bytes; at most ${maxBytes} are accepted (TRIBUTARY_MAX_REQUEST_BYTES)`;
        endResponse(refusal(fetchAPI, 413, 'REQUEST_TOO_LARGE', message));
      }
    },
  };
}
