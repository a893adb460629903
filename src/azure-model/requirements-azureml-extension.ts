// Outbound the Azure ML extension (Microsoft.AzureML.Kubernetes) needs on AKS, in addition to the AKS
// list: the AKS page's "Cluster extensions" rules plus the Azure ML page's "Use Kubernetes compute" table.
import type { OutboundRequirement } from './requirements-types.js';

const EXTENSIONS = 'https://learn.microsoft.com/en-us/azure/aks/outbound-rules-control-egress#cluster-extensions';
const AML_K8S = 'https://learn.microsoft.com/en-us/azure/machine-learning/how-to-access-azureml-behind-firewall#scenario-use-kubernetes-compute';
/** The condition verify and the simulator decide from the extension's enableTraining setting. */
export const TRAINING = 'Training jobs (the table marks it N/A for inference).';

const https = (destination: string, why: string, source: string, when?: string): OutboundRequirement =>
  ({ destination, kind: 'fqdn', port: 443, protocol: 'Tcp', why, source, ...(when ? { when } : {}) });

/**
 * The extension manager fetches its configuration from the data plane and pulls the agents' images from
 * MCR before Helm installs anything, so without these the install times out: Learn's extension
 * troubleshooting reports such an install as "(ExtensionOperationFailed) Helm installation failed: context
 * deadline exceeded" when the pods do not become ready
 * (https://learn.microsoft.com/troubleshoot/azure/azure-kubernetes/extensions/troubleshoot-argo-cd-deployment-errors;
 * that egress is one cause of it is unconfirmed).
 */
const installing = (r: OutboundRequirement): OutboundRequirement => ({ ...r, failsWithout: 'install' });

export const AZUREML_EXTENSION_OUTBOUND: readonly OutboundRequirement[] = [
  installing(https('<region>.dp.kubernetesconfiguration.azure.com', 'Fetch configuration from the Cluster Extensions service and report extension status.', EXTENSIONS)),
  installing(https('mcr.microsoft.com', 'Container images for installing cluster extension agents.', EXTENSIONS)),
  installing(https('*.data.mcr.microsoft.com', 'Container images for installing cluster extension agents.', EXTENSIONS)),
  https('*.ingestion.msftcloudes.com', 'Agents send metrics data to Azure.', EXTENSIONS),
  https('*.microsoftmetrics.com', 'Agents send metrics data to Azure.', EXTENSIONS),
  https('*.kusto.windows.net', 'Upload system logs to Kusto.', AML_K8S),
  https('*.table.core.windows.net', 'Upload system logs to Kusto.', AML_K8S),
  https('*.queue.core.windows.net', 'Upload system logs to Kusto.', AML_K8S),
  https('<acr>.azurecr.io', 'The workspace container registry: docker images for ML workloads.', AML_K8S),
  https('<acr>.<region>.data.azurecr.io', 'The workspace container registry data endpoint.', AML_K8S),
  https('<storage>.blob.core.windows.net', 'Project scripts, data and models; job logs and outputs.', AML_K8S),
  https('<workspaceId>.workspace.<region>.api.azureml.ms', 'Azure Machine Learning service API.', AML_K8S),
  https('<region>.experiments.azureml.net', 'Azure Machine Learning service API.', AML_K8S),
  https('<region>.api.azureml.ms', 'Azure Machine Learning service API.', AML_K8S),
  https('pypi.org', 'Install pip packages for training environment initialization.', AML_K8S, TRAINING),
  ...['archive.ubuntu.com', 'security.ubuntu.com', 'ppa.launchpad.net'].map((destination): OutboundRequirement => ({
    destination, kind: 'fqdn', port: 80, protocol: 'Tcp', why: 'Download the necessary security patches.', source: AML_K8S, when: TRAINING,
  })),
];
