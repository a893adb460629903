// Microsoft.Network provider: routes virtualNetworks(/subnets), networkSecurityGroups(/securityRules,
// /defaultSecurityRules), networkInterfaces and operation polling to their handlers.
import { ArmError, methodNotAllowed, notFound } from '../../errors.js';
import { json } from '../../http.js';
import { getRecord, recordsOfType, type CloudState, type ResourceRecord } from '../../state.js';
import type { ArmResource, SimResponse } from '../../types.js';
import type { Ctx, Provider, ProviderRoute } from '../types.js';
import { NETWORK, NETWORK_API_VERSIONS, T, sameId, topLevelId } from './common.js';
import { handleNic, renderNic } from './network-interfaces.js';
import { handleOperation } from './operations.js';
import { handleNsg, handleRules, renderNsg, renderRule } from './security-groups.js';
import { handleSubnets, renderSubnet } from './subnets.js';
import { handleVnet, renderVnet } from './virtual-networks.js';

function render(state: CloudState, rec: ResourceRecord): ArmResource {
  switch (rec.type) {
    case T.vnet:
      return renderVnet(state, rec);
    case T.subnet:
      return renderSubnet(state, rec);
    case T.nsg:
      return renderNsg(state, rec);
    case T.rule:
      return renderRule(state, rec);
    case T.nic:
      return renderNic(state, rec);
    default:
      throw new Error(`no renderer for ${rec.type}`);
  }
}

function list(ctx: Ctx, type: string, sub: string, group: ResourceRecord | undefined, renderOne: (s: CloudState, r: ResourceRecord) => ArmResource): SimResponse {
  if (ctx.method !== 'GET') throw methodNotAllowed(ctx.method, `${type} collection`);
  const value = recordsOfType(ctx.state, type)
    .filter((r) => r.subscriptionId === sub && (!group || sameId(r.resourceGroup, group.name)))
    .sort((a, b) => a.createdAt - b.createdAt)
    .map((r) => renderOne(ctx.state, r));
  return json(200, { value });
}

function handle(ctx: Ctx, route: ProviderRoute): SimResponse {
  const { types, names, collection } = route.typed;
  const path = types.map((t) => t.toLowerCase()).join('/');
  const { group, sub } = route;

  if (path === 'locations/operations' || path === 'locations/operationresults') {
    if (collection) throw notFound('InvalidResourceType', `The resource type '${types.join('/')}' cannot be listed.`);
    if (ctx.method !== 'GET') throw methodNotAllowed(ctx.method, 'operation');
    return handleOperation(ctx, path === 'locations/operations' ? 'operations' : 'operationresults', names[1], (r) => render(ctx.state, r));
  }
  if (types.length === 1 && collection) {
    if (path === 'virtualnetworks') return list(ctx, T.vnet, sub, group, renderVnet);
    if (path === 'networksecuritygroups') return list(ctx, T.nsg, sub, group, renderNsg);
    if (path === 'networkinterfaces') return list(ctx, T.nic, sub, group, renderNic);
  }
  if (!group) {
    throw notFound('InvalidResourceType', `The resource type '${types.join('/')}' is resource-group scoped; the request path has no resource group.`);
  }
  const top = (type: string) => getRecord(ctx.state, topLevelId(group, type, names[0]));
  switch (path) {
    case 'virtualnetworks':
      return handleVnet(ctx, group, names[0], top(T.vnet));
    case 'virtualnetworks/subnets':
      return handleSubnets(ctx, top(T.vnet), names[0], names[1]);
    case 'networksecuritygroups':
      return handleNsg(ctx, group, names[0], top(T.nsg));
    case 'networksecuritygroups/securityrules':
      return handleRules(ctx, top(T.nsg), names[0], names[1], false);
    case 'networksecuritygroups/defaultsecurityrules':
      return handleRules(ctx, top(T.nsg), names[0], names[1], true);
    case 'networkinterfaces':
      return handleNic(ctx, group, names[0], top(T.nic));
    default:
      throw new ArmError(404, 'InvalidResourceType', `The resource type '${types.join('/')}' could not be found in the namespace '${NETWORK}'.`);
  }
}

export const networkProvider: Provider = {
  namespace: NETWORK,
  apiVersions: NETWORK_API_VERSIONS,
  resourceTypes: [
    'virtualNetworks',
    'virtualNetworks/subnets',
    'networkSecurityGroups',
    'networkSecurityGroups/securityRules',
    'networkSecurityGroups/defaultSecurityRules',
    'networkInterfaces',
    'locations/operations',
    'locations/operationResults',
  ],
  handle,
  render,
  deleteLatencyKey: (rec) => rec.type,
};
