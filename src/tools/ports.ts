// Fixed local ports: mocks from 4010 upward in redocly.yaml order, the docs site on 8080.
export const FIRST_MOCK_PORT = 4010;
export const DOCS_PORT = 8080;
export const HOST = '127.0.0.1';

export function mockPort(vendorIndex: number): number {
  return FIRST_MOCK_PORT + vendorIndex;
}
