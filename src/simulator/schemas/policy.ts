// Request-body schemas for Azure Policy and Defender for Cloud plans, after the REST models in
// specification/resources/.../Microsoft.Authorization/policy/stable/2025-03-01/openapi.json (PolicyAssignment),
// .../preview/2022-07-01-preview/policyExemptions.json (PolicyExemption) and
// specification/security/.../stable/2024-01-01/pricings.json (Pricing). Enums the specs model as strings
// (exemptionCategory, subPlan) are checked by the handlers, which answer the service's own refusals.
import { z } from 'zod';
import { arr, enumOf, obj, readOnly, str, strArr } from './common.js';

const ParameterValue = obj('ParameterValuesValue', { value: z.unknown() });
const openObject = () => z.record(z.string(), z.unknown());

export const PolicyAssignment = obj('PolicyAssignment', {
  id: readOnly(),
  name: readOnly(),
  type: readOnly(),
  systemData: readOnly(),
  location: str().optional(),
  identity: obj('Identity', {
    type: enumOf('ResourceIdentityType', ['SystemAssigned', 'UserAssigned', 'None']),
    principalId: readOnly(),
    tenantId: readOnly(),
    userAssignedIdentities: openObject().optional(),
  }).optional(),
  properties: obj('PolicyAssignmentProperties', {
    displayName: str().optional(),
    policyDefinitionId: str(),
    definitionVersion: str().optional(),
    latestDefinitionVersion: readOnly(),
    effectiveDefinitionVersion: readOnly(),
    scope: readOnly(),
    notScopes: strArr().optional(),
    parameters: z.record(z.string(), ParameterValue).optional(),
    description: str().optional(),
    metadata: openObject().optional(),
    enforcementMode: enumOf('EnforcementMode', ['Default', 'DoNotEnforce', 'Enroll']).optional(),
    nonComplianceMessages: arr(obj('NonComplianceMessage', { message: str(), policyDefinitionReferenceId: str().optional() }), 'NonComplianceMessage').optional(),
    resourceSelectors: z.array(z.unknown()).optional(),
    overrides: z.array(z.unknown()).optional(),
    assignmentType: enumOf('AssignmentType', ['NotSpecified', 'System', 'SystemHidden', 'Custom']).optional(),
    instanceId: readOnly(),
  }),
});

export const PolicyExemption = obj('PolicyExemption', {
  id: readOnly(),
  name: readOnly(),
  type: readOnly(),
  systemData: readOnly(),
  properties: obj('PolicyExemptionProperties', {
    policyAssignmentId: str(),
    policyDefinitionReferenceIds: strArr().optional(),
    exemptionCategory: str(),
    expiresOn: str().optional(),
    displayName: str().optional(),
    description: str().optional(),
    metadata: openObject().optional(),
    resourceSelectors: z.array(z.unknown()).optional(),
    assignmentScopeValidation: enumOf('AssignmentScopeValidation', ['Default', 'DoNotValidate']).optional(),
  }),
});

export const Pricing = obj('Pricing', {
  id: readOnly(),
  name: readOnly(),
  type: readOnly(),
  properties: obj('PricingProperties', {
    pricingTier: enumOf('pricingTier', ['Free', 'Standard']),
    subPlan: str().optional(),
    enforce: enumOf('enforce', ['False', 'True']).optional(),
    extensions: arr(
      obj('Extension', {
        name: str(),
        isEnabled: enumOf('isEnabled', ['True', 'False']),
        additionalExtensionProperties: openObject().optional(),
        operationStatus: readOnly(),
      }),
      'Extension',
    ).optional(),
    freeTrialRemainingTime: readOnly(),
    enablementTime: readOnly(),
    inherited: readOnly(),
    inheritedFrom: readOnly(),
    resourcesCoverageStatus: readOnly(),
    deprecated: readOnly(),
    replacedBy: readOnly(),
  }),
});
