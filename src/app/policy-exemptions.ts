// Built-in policy definitions the environment deliberately does not satisfy, each with why.
export const POLICY_EXEMPTIONS: Record<string, string> = {
  'Workspace_EnableV1LegacyMode_Audit.json': 'requires v1 legacy mode, which blocks the Azure ML v2 API the studio and SDK v2 use',
};
