// ARM error bodies: {"error":{"code","message"[,"details"]}}. Handlers throw ArmError; index.ts turns
// it into a response, so no code path can leak a non-ARM failure to the client.
interface ArmErrorDetail {
  code: string;
  message: string;
  target?: string;
}

export class ArmError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: ArmErrorDetail[],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ArmError';
  }

  body(): Record<string, unknown> {
    return { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) } };
  }
}

/**
 * An error a resource provider answers in its own flat shape, {"code","message"}, not ARM's envelope.
 * The Insights RP's diagnostic settings do (spec 2021-05-01-preview `ErrorResponse`; azure-powershell
 * #7082 shows the service's "Code: ResourceNotFound ... The diagnostic setting 'service' doesn't exist."
 * parsed from that shape).
 */
export class FlatArmError extends ArmError {
  override body(): Record<string, unknown> {
    return { code: this.code, message: this.message };
  }
}

export const badRequest = (code: string, message: string, details?: ArmErrorDetail[]): ArmError =>
  new ArmError(400, code, message, details);

export const notFound = (code: string, message: string): ArmError => new ArmError(404, code, message);

export const conflict = (code: string, message: string): ArmError => new ArmError(409, code, message);

export function resourceNotFound(type: string, name: string, resourceGroup: string): ArmError {
  return notFound(
    'ResourceNotFound',
    `The Resource '${type}/${name}' under resource group '${resourceGroup}' was not found. ` +
      'For more details please go to https://aka.ms/ARMResourceNotFoundFix',
  );
}

export function resourceGroupNotFound(resourceGroup: string): ArmError {
  return notFound('ResourceGroupNotFound', `Resource group '${resourceGroup}' could not be found.`);
}

export function parentResourceNotFound(parentName: string): ArmError {
  return notFound(
    'ParentResourceNotFound',
    `Can not perform requested operation on nested resource. Parent resource '${parentName}' not found.`,
  );
}

export function missingApiVersion(): ArmError {
  return badRequest('MissingApiVersionParameter', "The api-version query parameter (?api-version=) is required for all requests.");
}

/** Network RP's shape for bodies it cannot deserialize (unknown member, wrong type, bad enum). */
export function invalidRequestFormat(details: ArmErrorDetail[]): ArmError {
  return badRequest('InvalidRequestFormat', 'Cannot parse the request.', details);
}

export function methodNotAllowed(method: string, what: string): ArmError {
  return new ArmError(405, 'MethodNotAllowed', `The requested resource does not support http method '${method}' (${what}).`);
}
