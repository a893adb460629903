// The SARIF 2.1.0 log both verify and audit write (https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html):
// one run, one driver with its rules, the results.
export interface SarifDriver {
  name: string;
  rules: object[];
  informationUri?: string;
}

export function sarifLog(driver: SarifDriver, results: object[]): object {
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool: { driver: { version: '0.1.0', ...driver } }, results }],
  };
}
