// Request-body schema of a `Kubernetes` compute (workspaces/computes with computeType Kubernetes), after
// spec:machinelearningservices/…/2025-06-01/machineLearningServices.json (Kubernetes = Compute +
// KubernetesSchema; KubernetesProperties, InstanceTypeSchema, InstanceResourceSchema). The same model holds
// in 2022-10-01 and 2024-x.
import { z } from 'zod';
import { ManagedServiceIdentity } from './machine-learning.js';
import { bool, obj, readOnly, str, trackedEnvelopeReadOnlyName } from './common.js';

const resources = () => z.record(z.string(), str());

const InstanceTypeSchema = obj('InstanceTypeSchema', {
  nodeSelector: z.record(z.string(), str()).optional(),
  resources: obj('InstanceTypeSchemaResources', { requests: resources().optional(), limits: resources().optional() }).optional(),
});

const KubernetesProperties = obj('KubernetesProperties', {
  relayConnectionString: str().optional(),
  serviceBusConnectionString: str().optional(),
  extensionPrincipalId: str().optional(),
  extensionInstanceReleaseTrain: str().optional(),
  vcName: str().optional(),
  namespace: str().optional(),
  defaultInstanceType: str().optional(),
  instanceTypes: z.record(z.string(), InstanceTypeSchema).optional(),
});

export const kubernetesComputeSchema = obj('ComputeResource', {
  ...trackedEnvelopeReadOnlyName,
  sku: z.unknown().optional(),
  identity: ManagedServiceIdentity.optional(),
  properties: obj('Kubernetes', {
    computeType: z.literal('Kubernetes'),
    computeLocation: str().optional(),
    provisioningState: readOnly(),
    description: str().optional(),
    createdOn: readOnly(),
    modifiedOn: readOnly(),
    resourceId: str().optional(),
    provisioningErrors: readOnly(),
    isAttachedCompute: readOnly(),
    disableLocalAuth: bool().optional(),
    properties: KubernetesProperties.optional(),
  }),
});

export interface InstanceTypeBody {
  nodeSelector?: Record<string, string>;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}

export interface KubernetesPropertiesBody {
  relayConnectionString?: string;
  serviceBusConnectionString?: string;
  extensionPrincipalId?: string;
  extensionInstanceReleaseTrain?: string;
  vcName?: string;
  namespace?: string;
  defaultInstanceType?: string;
  instanceTypes?: Record<string, InstanceTypeBody>;
}
