// Configuration settings of the Azure ML extension (microsoft.azureml.kubernetes), checked the way the
// extension's documented rules and its installer (the k8s-extension CLI partner module) check them:
// - Learn how-to-deploy-kubernetes-extension, "Review Azure Machine Learning extension configuration settings":
//   True/False flags; enableTraining and/or enableInference; inferenceRouterServiceType (loadBalancer, nodePort,
//   clusterIP) required with inference; HTTPS unless allowInsecureConnections=True, through sslSecret or the
//   protected sslCertPemFile + sslKeyPemFile, with sslCname; internalLoadBalancerProvider `azure` (AKS only).
// - Azure/azure-cli-extensions src/k8s-extension/…/partner_extensions/AzureMLKubernetes.py (`__validate_config`,
//   `__validate_scoring_fe_settings`): the messages below, duplicate keys, nodePort + internal load balancer.
//   The CLI turns the PEM files into the protected `scoringFe.sslCert` / `scoringFe.sslKey` and sslSecret into
//   `scoringFe.sslSecret`; a REST client sends those keys directly, so both spellings count.
// The RP's own code for these refusals is **unconfirmed** (the CLI refuses before calling ARM): 400 BadRequest.
import { badRequest, type ArmError } from '../../errors.js';

const TSG = 'https://aka.ms/arcmltsg';
const FLAGS = ['enableTraining', 'enableInference', 'allowInsecureConnections', 'inferenceRouterHA', 'installNvidiaDevicePlugin', 'installPromOp', 'installVolcano', 'installDcgmExporter'];
const SERVICE_TYPES = ['loadbalancer', 'nodeport', 'clusterip'];
/** Secret material: only in configurationProtectedSettings (those are never rendered). */
const SECRET_KEYS = ['sslCertPemFile', 'sslKeyPemFile', 'scoringFe.sslCert', 'scoringFe.sslKey'];

const refuse = (message: string): ArmError => badRequest('BadRequest', message);

export interface AzureMlSettingsView {
  inference: boolean;
  training: boolean;
  /** inferenceRouterHA as it will be installed (default True). */
  routerHA: boolean;
  serviceType?: string;
  internalLoadBalancer: boolean;
}

/** Validates the Azure ML extension's settings; returns what the install needs to know. */
export function checkAzureMlSettings(settings: Record<string, string>, protectedSettings: Record<string, string>): AzureMlSettingsView {
  const dup = Object.keys(settings).filter((k) => k in protectedSettings);
  if (dup.length > 0) throw refuse(`Duplicate keys found in both configuration settings and configuration protected settings: ${dup.join(', ')}. Check ${TSG} for more information.`);
  const misplaced = SECRET_KEYS.find((k) => k in settings);
  if (misplaced) throw refuse(`'${misplaced}' is a TLS secret: pass it in configurationProtectedSettings, not configurationSettings.`);
  const value = (k: string): string | undefined => settings[k] ?? protectedSettings[k];
  for (const f of FLAGS) {
    const v = value(f);
    if (v !== undefined && !['true', 'false'].includes(v.toLowerCase())) throw refuse(`Configuration setting '${f}' must be True or False; got '${v}'.`);
  }
  const flag = (k: string, dflt: boolean): boolean => (value(k) === undefined ? dflt : value(k)?.toLowerCase() === 'true');
  const training = flag('enableTraining', false);
  const inference = flag('enableInference', false);
  if (!training && !inference) {
    throw refuse(
      "To create Microsoft.AzureML.Kubernetes extension, either enable Machine Learning training or inference by specifying 'enableTraining=true' or 'enableInference=true' in configurationSettings. " +
        `Please check ${TSG} for more information.`,
    );
  }
  const provider = value('internalLoadBalancerProvider');
  const serviceType = value('inferenceRouterServiceType');
  if (inference) {
    const insecure = flag('allowInsecureConnections', false);
    const ssl = Boolean((value('scoringFe.sslCert') && value('scoringFe.sslKey')) || (value('sslCertPemFile') && value('sslKeyPemFile')) || value('sslSecret') || value('scoringFe.sslSecret'));
    if (!ssl && !insecure) {
      throw refuse(
        'To enable HTTPs endpoint, either provide sslCertPemFile and sslKeyPemFile to configurationProtectedSettings, or provide sslSecret (kubernetes secret name) in configurationSettings ' +
          'containing both ssl cert and ssl key under azureml namespace. Otherwise, to enable HTTP endpoint, explicitly set allowInsecureConnections=true.',
      );
    }
    if (ssl && !value('sslCname')) throw refuse(`To enable HTTPs endpoint, please specify sslCname parameter in configurationSettings. Check ${TSG} for more information.`);
    if (serviceType === undefined || !SERVICE_TYPES.includes(serviceType.toLowerCase())) {
      throw refuse(
        'To use inference, please specify inferenceRouterServiceType=ClusterIP or inferenceRouterServiceType=NodePort or inferenceRouterServiceType=LoadBalancer in configurationSettings ' +
          `and also set internalLoadBalancerProvider=azure if your aks only supports internal load balancer. Check ${TSG} for more information.`,
      );
    }
    if (provider !== undefined) {
      // Troubleshooting E40003 INTERNAL_LOAD_BALANCER_NOT_SUPPORT: only the `azure` provider, on AKS.
      if (provider.toLowerCase() !== 'azure') throw refuse(`internalLoadBalancerProvider '${provider}' is not supported: only 'azure' (AKS) is.`);
      if (serviceType.toLowerCase() === 'nodeport') {
        throw refuse(`When using nodePort as inferenceRouterServiceType, no need to specify internalLoadBalancerProvider. Check ${TSG} for more information.`);
      }
      // Stricter than the CLI (which refuses only nodePort): an internal load balancer fronts a LoadBalancer service.
      if (serviceType.toLowerCase() !== 'loadbalancer') throw refuse(`internalLoadBalancerProvider=azure needs inferenceRouterServiceType=LoadBalancer; it is '${serviceType}'.`);
    }
  }
  return {
    inference,
    training,
    routerHA: flag('inferenceRouterHA', true),
    ...(serviceType !== undefined ? { serviceType } : {}),
    internalLoadBalancer: provider?.toLowerCase() === 'azure',
  };
}
