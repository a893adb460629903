// Options every verb shares (DESIGN §3), as commander parses them. Kept free of imports so the
// CLI can register commands without loading anything heavy.
export interface CommonOptions {
  config?: string;
  env?: string;
  subscription?: string;
  location?: string;
  egress?: string;
  access?: string;
  enforce?: boolean; // apply/plan/resume: --enforce (policy.enforce)
  scan?: boolean; // audit: --scan
  simulate?: string;
  simTimeScale?: string;
  simLatency?: string;
  simSeed?: string;
  simFaults?: string;
  stateDir?: string;
  output?: string;
  yes?: boolean;
  prompt?: boolean; // commander's --no-prompt
  debug?: boolean;
  color?: boolean; // commander's global --no-color
  concurrency?: string;
  verify?: boolean; // apply/resume: commander's --no-verify
}
