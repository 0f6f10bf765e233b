// Spectral function: every 2xx response with a JSON media type has `examples` (or `example`).
export default function jsonSuccessHasExamples(responses, _options, context) {
  const problems = [];
  for (const [status, response] of Object.entries(responses ?? {})) {
    if (!/^2/.test(status)) continue;
    for (const [mediaType, media] of Object.entries(response?.content ?? {})) {
      if (!/json/.test(mediaType)) continue;
      const hasExample = (media.examples && Object.keys(media.examples).length > 0) || media.example !== undefined;
      if (!hasExample) {
        problems.push({
          message: `${status} ${mediaType} response has no example: transcribe the vendor's example or explain its absence in ERRATA.md.`,
          path: [...context.path, status, 'content', mediaType],
        });
      }
    }
  }
  return problems;
}
