// oav false positives, suppressed by error code AND operation (and where it matters the side and the
// JSON path), each with the reason. Everything else oav reports is a contract error. FINDINGS.md has the
// analysis; keep both in step. A suppression that matches nothing in a run is printed as stale.
//
// Fields: code, operationId, issueSource ('request' | 'response', optional), path (RegExp on the
// error's jsonPathsInPayload, optional), status (response status, optional), reason.
export const SUPPRESSIONS = [
  {
    // Spec gap, not a simulator fault: storage.json 2025-08-01 StorageAccounts_GetProperties defines only
    // a 200 response (no `default` error response), so any 404 is "undefined". ARM answers a GET of a
    // missing account with 404 ResourceNotFound, and the tool's read-before-write (steps/support/
    // arm-resource.ts -> resources.getById) relies on exactly that. FINDINGS.md F1.
    code: 'INVALID_RESPONSE_CODE',
    operationId: 'StorageAccounts_GetProperties',
    issueSource: 'response',
    status: 404,
    reason: 'storage.json defines no error response for StorageAccounts_GetProperties; ARM returns 404 for a missing account',
  },
  {
    // Spec defect, not a simulator fault: privateEndpoint.json 2025-05-01 PrivateEndpoints_Get's `default`
    // response is network.json#/definitions/Error, an unwrapped { code, message, ... } body. ARM's 404
    // for a missing resource is the standard wrapped { "error": { code, message } } (CloudError, which
    // the same file uses for PrivateDnsZoneGroups_*); the simulator sends that. oav then reports the
    // wrapper `error` as an additional property. FINDINGS.md F2.
    code: 'OBJECT_ADDITIONAL_PROPERTIES',
    operationId: 'PrivateEndpoints_Get',
    issueSource: 'response',
    status: 404,
    path: /^\$\.error$/,
    reason: 'PrivateEndpoints_Get default response is the unwrapped network.json Error model; ARM errors are wrapped in `error`',
  },
];

/** The suppression that covers one oav error of one exchange, or undefined. */
export function suppressionFor(error, { operationId, status }, list = SUPPRESSIONS) {
  return list.find((s) =>
    s.code === error.code &&
    s.operationId === operationId &&
    (s.issueSource === undefined || s.issueSource === error.issueSource) &&
    (s.status === undefined || String(s.status) === String(status)) &&
    (s.path === undefined || (error.jsonPathsInPayload ?? []).some((p) => s.path.test(p))));
}
