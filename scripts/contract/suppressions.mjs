// oav false positives, suppressed by error code AND operation (and where it matters the side and the
// JSON path), each with the reason. Everything else oav reports is a contract error. FINDINGS.md has the
// analysis; keep both in step. A suppression that matches nothing in a run is printed as stale.
//
// Fields: code, operationId, issueSource ('request' | 'response', optional), path (RegExp on the
// error's jsonPathsInPayload, optional), status (response status, optional), reason.
export const SUPPRESSIONS = [];

/** The suppression that covers one oav error of one exchange, or undefined. */
export function suppressionFor(error, { operationId, status }, list = SUPPRESSIONS) {
  return list.find((s) =>
    s.code === error.code &&
    s.operationId === operationId &&
    (s.issueSource === undefined || s.issueSource === error.issueSource) &&
    (s.status === undefined || String(s.status) === String(status)) &&
    (s.path === undefined || (error.jsonPathsInPayload ?? []).some((p) => s.path.test(p))));
}
