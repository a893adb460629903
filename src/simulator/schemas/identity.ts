// The ARM managed-identity envelope member (`identity`) shared by storage, registry, vault-less RPs and ML:
// each RP spells its combined type differently, so the allowed type strings are passed in.
import { z } from 'zod';
import { enumOf, obj, readOnly } from './common.js';

const UserAssignedIdentity = (typeName: string) => obj(typeName, { principalId: readOnly(), clientId: readOnly() });

/** `identity` with the RP's allowed `type` values; userAssignedIdentities values are `{}` in requests. */
export function identitySchema<const V extends readonly [string, ...string[]]>(typeName: string, enumName: string, types: V, userTypeName = 'UserAssignedIdentity') {
  return obj(typeName, {
    type: enumOf(enumName, types),
    principalId: readOnly(),
    tenantId: readOnly(),
    userAssignedIdentities: z.record(z.string(), UserAssignedIdentity(userTypeName)).optional(),
  });
}
