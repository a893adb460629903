// A pipeline policy that runs on every attempt: when ARM throttles (429) or fails transiently
// (5xx, connection reset), the SDK's retry policy waits and tries again; this says so on the
// progress line of the step that made the call, with ARM's code and the wait.
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { report } from '../report-context.js';

export const retryReportingPolicy: PipelinePolicy = {
  name: 'secureAmlRetryReporting',
  async sendRequest(request, next) {
    try {
      const res = await next(request);
      if (res.status === 429 || res.status >= 500) {
        let code = '';
        try { code = (JSON.parse(res.bodyAsText ?? '{}') as { error?: { code?: string } }).error?.code ?? ''; } catch { /* not JSON */ }
        const ms = Number(res.headers.get('retry-after-ms') ?? res.headers.get('x-ms-retry-after-ms') ?? NaN);
        const s = Number(res.headers.get('retry-after') ?? NaN);
        const wait = Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)}s` : Number.isFinite(s) ? `${s}s` : 'a moment';
        report(`ARM answered ${res.status}${code ? ` ${code}` : ''} (${res.status === 429 ? 'throttled' : 'transient'}); retrying in ${wait}`);
      }
      return res;
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'ECONNRESET' || code === 'ETIMEDOUT' || code === 'REQUEST_SEND_ERROR') report(`connection ${code}; retrying`);
      throw e;
    }
  },
};
