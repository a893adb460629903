// Microsoft.MachineLearningServices workspaces/computes (AmlCompute clusters, compute instances, attached
// AKS) and the regional VM size list, at the workspace provider's api-versions (machine-learning.ts routes
// here). Latency by compute type ('#AmlCompute', '#ComputeInstance', '#AKS-attach').
export { T_COMPUTE, computeLatencyKey } from './common.js';
export { handleComputeOperation, handleComputes } from './computes.js';
export { renderCompute } from './render.js';
export { listVmSizes } from './vm-sizes.js';
