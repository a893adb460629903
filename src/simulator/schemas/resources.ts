// Request-body schemas for Microsoft.Resources (resource groups), after the REST models in
// specification/resources/.../2025-04-01/resources.json.
import { obj, readOnly, str, tags } from './common.js';

export const ResourceGroup = obj('ResourceGroup', {
  id: readOnly(),
  name: str().optional(),
  type: readOnly(),
  location: str().optional(),
  managedBy: str().optional(),
  tags: tags().optional(),
  properties: obj('ResourceGroupProperties', { provisioningState: readOnly() }).optional(),
});

export const ResourceGroupPatchable = obj('ResourceGroupPatchable', {
  name: str().optional(),
  managedBy: str().optional(),
  tags: tags().optional(),
  properties: obj('ResourceGroupProperties', { provisioningState: readOnly() }).optional(),
});
