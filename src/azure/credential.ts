// Credential chain: DefaultAzureCredential for Azure (az login, environment service principal,
// workload identity, managed identity); a fake token for the simulator, which never reaches Azure.
import type { TokenCredential } from '@azure/core-auth';
import type { Target } from './target.js';

export const fakeCredential: TokenCredential = {
  async getToken() {
    return { token: 'simulated-token-not-a-secret', expiresOnTimestamp: Date.now() + 3600_000 };
  },
};

export async function credentialFor(target: Target): Promise<TokenCredential> {
  if (target.kind === 'simulate') return fakeCredential;
  const { DefaultAzureCredential } = await import('@azure/identity');
  return new DefaultAzureCredential();
}
