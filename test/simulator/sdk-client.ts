// The real Azure SDK clients on an in-process simulator: a token credential that never expires and an
// HttpClient that hands each request to ArmSimulator.handle (status 0, a reset fault, is ECONNRESET).
import type { TokenCredential } from '@azure/core-auth';
import { RestError, createHttpHeaders, type HttpClient, type PipelineRequest, type PipelineResponse } from '@azure/core-rest-pipeline';
import type { ArmSimulator } from '../../src/simulator/index.js';

export const credential: TokenCredential = { getToken: async () => ({ token: 'fake-token', expiresOnTimestamp: Date.now() + 3_600_000 }) };

export function httpClient(sim: ArmSimulator): HttpClient {
  return {
    async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
      const headers: Record<string, string> = {};
      for (const [k, v] of request.headers) headers[k] = v;
      const res = await sim.handle({ method: request.method, url: request.url, headers, body: typeof request.body === 'string' ? request.body : undefined });
      if (res.status === 0) throw new RestError('read ECONNRESET', { code: 'ECONNRESET', request });
      return { request, status: res.status, headers: createHttpHeaders(res.headers), bodyAsText: res.body ?? '' };
    },
  };
}
