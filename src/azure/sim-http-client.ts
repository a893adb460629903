// Wires the real SDK clients to the embedded simulator in process: an HttpClient that hands each
// request to the simulator instead of the network. Nothing else about the clients changes.
import type { HttpClient, PipelineRequest, PipelineResponse } from '@azure/core-rest-pipeline';
import type { ArmSimulator } from '../simulator/index.js';

export async function simHttpClient(sim: ArmSimulator): Promise<HttpClient> {
  const { createHttpHeaders, RestError } = await import('@azure/core-rest-pipeline');
  return {
    async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
      if (request.abortSignal?.aborted) throw new RestError('The operation was aborted.', { code: 'REQUEST_SEND_ERROR', request });
      const headers: Record<string, string> = {};
      for (const [k, v] of request.headers) headers[k.toLowerCase()] = v;
      const body = typeof request.body === 'string' ? request.body : request.body === undefined || request.body === null ? undefined : String(request.body);
      const res = await sim.handle({ method: request.method, url: request.url, headers, body });
      if (res.status === 0 || res.headers['x-sim-connection-reset'] !== undefined) {
        throw new RestError('read ECONNRESET', { code: 'ECONNRESET', request });
      }
      return { request, status: res.status, headers: createHttpHeaders(res.headers), bodyAsText: res.body ?? '' };
    },
  };
}
