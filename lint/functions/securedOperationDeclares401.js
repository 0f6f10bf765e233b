// Spectral function (given the whole document): an operation whose effective security
// (its own, else the root's) requires credentials must declare a 401 response.
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

function requiresCredentials(security) {
  // `security: []` or an entry `{}` means anonymous access is allowed.
  return Array.isArray(security) && security.length > 0 && !security.some((req) => Object.keys(req ?? {}).length === 0);
}

export default function securedOperationDeclares401(document) {
  const problems = [];
  for (const section of ['paths', 'webhooks']) {
    for (const [key, pathItem] of Object.entries(document?.[section] ?? {})) {
      for (const method of METHODS) {
        const operation = pathItem?.[method];
        if (!operation) continue;
        const security = operation.security ?? (section === 'paths' ? document.security : undefined);
        if (requiresCredentials(security) && !operation.responses?.['401']) {
          problems.push({
            message: `${method.toUpperCase()} ${key} requires credentials but declares no 401 response.`,
            path: [section, key, method, 'responses'],
          });
        }
      }
    }
  }
  return problems;
}
