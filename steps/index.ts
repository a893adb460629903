// The ordered registry: plan, apply, resume, teardown and audit all walk this list.
// Adding a resource is one file in steps/ and one line here.
import type { AzureStep } from './env.js';
import { nsgStep } from './nsg.js';
import { resourceGroupStep } from './resource-group.js';
import { vnetStep } from './vnet.js';

export const steps: readonly AzureStep[] = [
  resourceGroupStep,
  nsgStep('training'),
  nsgStep('scoring'),
  vnetStep,
];
