// Resource logs of the key vault, the workspace and the hub firewall go to Log Analytics (policies "Resource logs in
// Key Vault / Azure Machine Learning Workspaces should be enabled"): who read which key, who ran what.
// Generic resources client: no SDK on the design card covers diagnostic settings (@azure/arm-monitor
// is not on it).
import { rgId, type StepEnv } from './env.js';
import type { ResourceModule } from './module.js';
import { armResourceStep } from './support/arm-resource.js';
import { API, ids } from './support/ids.js';

function diagnosticSettingStep(key: string, title: string, targetStep: string, target: (env: StepEnv) => string, enabled?: (env: StepEnv) => boolean) {
  return armResourceStep({
    id: `diagnostics-${key}`,
    title: `Resource logs of the ${title} to Log Analytics`,
    dependsOn: [targetStep, 'log-analytics'],
    enabled,
    apiVersion: API.diagnosticSettings,
    typicalSeconds: 3,
    resourceId: (env) => `${target(env)}/providers/Microsoft.Insights/diagnosticSettings/secure-aml`,
    body: (ctx) => ({
      properties: {
        workspaceId: ctx.outputs('log-analytics').id,
        logs: [{ categoryGroup: 'allLogs', enabled: true }],
        metrics: [{ category: 'AllMetrics', enabled: true }],
      },
    }),
  });
}

const vaultDiagnosticsStep = diagnosticSettingStep('key-vault', 'key vault', 'key-vault', ids.keyVault);
const workspaceDiagnosticsStep = diagnosticSettingStep('workspace', 'workspace', 'workspace', ids.workspace);
// Every allowed and denied flow of the hub firewall, for investigations (issue 11; Learn "Monitor Azure Firewall").
const firewallDiagnosticsStep = diagnosticSettingStep('firewall', 'firewall', 'firewall',
  (env) => `${rgId(env)}/providers/Microsoft.Network/azureFirewalls/${env.names.firewall}`, (env) => env.config.network.egress === 'firewall' && !env.config.firewall.existingFirewallId);

// ---- module ----
export const definition: ResourceModule = { id: 'diagnostic settings', steps: [vaultDiagnosticsStep, workspaceDiagnosticsStep, firewallDiagnosticsStep] };
