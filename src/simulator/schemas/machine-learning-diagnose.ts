// Request body of POST .../workspaces/{ws}/diagnose (Workspaces_Diagnose): DiagnoseWorkspaceParameters
// { value?: DiagnoseRequestProperties }, each category an optional free-form object ("Setting for
// diagnosing ..."). 2022-10-01 machineLearningServices.json has nine categories; 2025-06-01 workspaceRP.json
// adds requiredResourceProviders (assumed for 2024-04-01 / 2024-10-01 too: those specs are not vendored).
import { z } from 'zod';
import { obj } from './common.js';
import type { MlApiVersion } from './machine-learning.js';

const setting = () => z.record(z.string(), z.unknown()).optional();

const CATEGORIES = ['udr', 'nsg', 'resourceLock', 'dnsResolution', 'storageAccount', 'keyVault', 'containerRegistry', 'applicationInsights', 'others'] as const;

export function diagnoseSchema(version: MlApiVersion) {
  const names = version === '2022-10-01' ? [...CATEGORIES] : [...CATEGORIES, 'requiredResourceProviders'];
  const shape = Object.fromEntries(names.map((n) => [n, setting()])) as Record<string, ReturnType<typeof setting>>;
  return obj('DiagnoseWorkspaceParameters', { value: obj('DiagnoseRequestProperties', shape).optional() });
}
