// What Azure reports when the outbound above (or a related precondition) is missing, as published.
import type { DocumentedFailure } from './requirements-types.js';

const AKS_TS = 'https://learn.microsoft.com/en-us/troubleshoot/azure/azure-kubernetes/create-upgrade-delete';

export const DOCUMENTED_FAILURES: readonly DocumentedFailure[] = [
  {
    computes: ['aks'],
    code: 'VMExtensionProvisioningError',
    subCode: 'OutboundConnFailVMExtensionError',
    exitStatus: 50,
    message:
      "Unable to establish outbound connection from agents, please see https://aka.ms/aks-required-ports-and-addresses for more information. Details: Code=\"VMExtensionProvisioningError\" Message=\"VM has reported a failure when processing extension 'vmssCSE'. Error message: \"Enable failed: failed to execute command: command terminated with exit status=50\"…",
    cause: 'Nodes cannot reach mcr.microsoft.com:443 (firewall, proxy or NSG blocks the required FQDNs/ports, or AAAA resolution is blocked).',
    source: `${AKS_TS}/error-code-outboundconnfailvmextensionerror`,
    confirmed: true,
  },
  {
    computes: ['aks'],
    code: 'VMExtensionProvisioningError',
    subCode: 'K8SAPIServerConnFailVMExtensionError',
    exitStatus: 51,
    message:
      "Unable to establish connection from agents to Kubernetes API server, please see https://aka.ms/aks-required-ports-and-addresses for more information. Details: Code=\"VMExtensionProvisioningError\" Message=\"VM has reported a failure when processing extension 'vmssCSE'. Error message: \"Enable failed: failed to execute command: command terminated with exit status=51\"…",
    cause: 'Nodes cannot connect to the cluster API server (*.hcp.<region>.azmk8s.io:443, or the tunnel ports 1194/9000).',
    source: `${AKS_TS}/error-code-k8sapiserverconnfailvmextensionerror`,
    confirmed: true,
  },
  {
    // The newer wording of the same failure ("might also appear as exit status 51").
    computes: ['aks'],
    code: 'VMExtensionProvisioningError',
    subCode: 'VMExtensionError_K8SAPIServerConnFail',
    exitStatus: 51,
    message:
      "CSE failed with 'VMExtensionError_K8SAPIServerConnFail'. Agents are unable to establish connection to Kubernetes API server. <diagnostic details>. For more detailed troubleshooting, see https://aka.ms/aks/vmextensionerror_k8sapiserverconnfail and https://aka.ms/aks-required-ports-and-addresses for more information.",
    cause: 'Firewall, proxy, NSG or UDR rules block outbound TCP 443 to the API server (or private-endpoint DNS for private clusters).',
    source: 'https://learn.microsoft.com/en-us/troubleshoot/azure/azure-kubernetes/error-codes/vmextensionerror-k8sapiserverconnfail',
    confirmed: true,
  },
  {
    computes: ['aks'],
    code: 'VMExtensionProvisioningError',
    subCode: 'CniDownloadTimeoutVMExtensionError',
    exitStatus: 41,
    message: "VM has reported a failure when processing extension 'vmssCSE'. Error message: \"Enable failed: failed to execute command: command terminated with exit status=41\"…",
    cause: 'Nodes cannot download the CNI binaries from the package mirror (acs-mirror.azureedge.net, now packages.aks.azure.com).',
    source: `${AKS_TS}/error-code-cnidownloadtimeoutvmextensionerror`,
    confirmed: true,
  },
  {
    computes: ['azuremlExtension'],
    code: 'BadRequest',
    message: 'Failed to get static credential: Getting static credential is not allowed because this cluster is set to disable local accounts.',
    cause:
      'Attaching an AKS cluster with local accounts disabled (az ml compute attach / the extension flow). Learn: "Disabling local accounts for AKS is not supported by Azure Machine Learning" (how-to-deploy-kubernetes-extension#limitations).',
    source: 'https://github.com/Azure/AML-Kubernetes/issues/261',
    confirmed: true,
  },
  {
    computes: ['amlCompute', 'computeInstance'],
    code: 'UserError',
    message: "Provided EnableNodePublicIp 'False' requires workspace private endpoint.",
    cause: 'No-public-IP compute created before the workspace has a private endpoint in the VNet (Learn: "You must use a workspace private endpoint for the compute resource to communicate with Azure Machine Learning services from the VNet").',
    source: 'https://github.com/Azure/data-product-analytics/issues/70',
    confirmed: true,
  },
  {
    computes: ['amlCompute', 'computeInstance'],
    code: 'Provisioning error',
    message:
      'The subnet has a network security group (…) that is missing the following rules below. Please add those rules or increase the priority to allow traffic if the rules already exist.',
    cause: 'The compute subnet NSG lacks a required rule; the public report shows "Outbound Storage 445" (TCP 445 to Storage.<region>).',
    source: 'https://github.com/microsoft/AzureTRE/issues/2780',
    confirmed: true,
  },
  {
    computes: ['amlCompute', 'computeInstance'],
    code: 'unconfirmed',
    message:
      'unconfirmed: no page or public issue found quoting the error Azure ML shows when a no-public-IP cluster or instance lacks outbound to AzureMachineLearning/BatchNodeManagement/Storage. Azure Batch (which backs the compute) leaves such nodes "unusable" (Azure/Batch#67, microsoft/ga4gh-tes#574); microsoft/AzureTRE#4151 shows a compute instance failing until the firewall allowed the traffic.',
    cause: 'Outbound to the Azure ML / Batch management service tags is blocked.',
    source: 'https://github.com/Azure/Batch/issues/67',
    confirmed: false,
  },
];
