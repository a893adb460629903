// Before any test: the demonstration TLS pair the example config points at (generated per machine,
// never committed; scripts/demo-tls.mjs).
export default async function setup(): Promise<void> {
  // @ts-expect-error: a plain ES module script without type declarations
  const { ensureDemoTls } = (await import('../../scripts/demo-tls.mjs')) as { ensureDemoTls: () => Promise<unknown> };
  await ensureDemoTls();
}
