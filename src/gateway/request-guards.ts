import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';

/**
 * A browser sends a form (application/x-www-form-urlencoded, multipart/form-data, text/plain) to
 * any site without asking it first, with the user's network position behind it. The hub takes
 * GraphQL over POST only as JSON, which a browser sends cross-site only after a CORS preflight
 * the hub answers for configured origins alone; every other POST body is refused with 415.
 */
const JSON_TYPES = ['application/json', 'application/graphql-response+json'];

export function useJsonPostsOnly(): GatewayPlugin {
  return {
    onRequest({ request, fetchAPI, endResponse }) {
      if (request.method !== 'POST') return;
      const mediaType = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
      if (JSON_TYPES.includes(mediaType)) return;
      const message = `a POST must send its operation as JSON (content-type: application/json), not ${mediaType || 'an unnamed type'}`;
      endResponse(
        new fetchAPI.Response(JSON.stringify({ errors: [{ message, extensions: { code: 'UNSUPPORTED_MEDIA_TYPE' } }] }), {
          status: 415,
          headers: { 'content-type': 'application/json; charset=utf-8' },
        }),
      );
    },
  };
}
